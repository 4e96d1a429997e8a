/** The board page: its static files live in src/main/webapp; here only what the page needs from the container. */
package dev.chorus.interfaces.web;
