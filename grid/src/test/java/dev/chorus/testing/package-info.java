/** Test support shared by both modules (the web module's tests get it through the grid test-jar). */
package dev.chorus.testing;
