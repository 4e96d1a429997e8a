/** Use cases of the board: who may do what (credentials, rate limit), metrics and logging; rules live in the domain. */
package dev.chorus.application;
