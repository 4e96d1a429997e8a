/**
 * How every layer reads its configuration: {@link dev.chorus.application.config.Settings}, one typed reader over
 * MicroProfile Config. Each layer owns a settings bean per concern and reads its keys through it; the defaults
 * live only in {@code META-INF/microprofile-config.properties}. Here, not in infrastructure, so that
 * {@code interfaces} and {@code application} can read their own settings without depending on an adapter.
 */
package dev.chorus.application.config;
