/** The application's database: its container-managed DataSource and the schema migrations (Flyway). */
package dev.chorus.infrastructure.persistence;
