/**
 * The wire contract of docs/api.md: resources, JSON mapping, credentials, CORS and error mapping. No grid or SQL here.
 */
package dev.chorus.interfaces.rest;
