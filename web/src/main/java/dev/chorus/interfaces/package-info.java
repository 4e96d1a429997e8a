/** How the world reaches Chorus: REST resources, live push, and the page's static files. */
package dev.chorus.interfaces;
