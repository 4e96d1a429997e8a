package dev.chorus.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under /api, as the original worker's did. */
@ApplicationPath("/api")
public class ChorusApi extends Application {
}
