/** MicroProfile Health checks: /health/ready reports the grid and the database. */
package dev.chorus.infrastructure.health;
