/**
 * The wire contract of API.md: resources, JSON mapping, credentials, CORS and error mapping. No grid or SQL here.
 */
package dev.chorus.interfaces.rest;
