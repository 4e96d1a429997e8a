/** The board's domain: immutable message values validated at construction, and the recent window. No framework imports. */
package dev.chorus.domain;
