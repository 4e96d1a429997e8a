package dev.chorus.interfaces.rest;

import dev.chorus.application.bot.PersonaDirectory;
import dev.chorus.domain.persona.Persona;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /api/personas}: who a newcomer can talk to — each persona's id (what {@code botParams.entity} names),
 * display name, color and whether this bot answers it. Only those four: prompts, models and server addresses are
 * the operator's, not the public's.
 */
@Path("personas")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class PersonasResource {

    @Inject
    PersonaDirectory personas;

    @GET
    public String personas() {
        List<Persona> all = personas.all();
        return JsonSupport.write(json -> {
            json.writeStartArray();
            for (Persona p : all) {
                json.writeStartObject()
                        .write("id", p.id())
                        .write("username", p.username())
                        .write("color", p.color())
                        .write("enabled", p.enabled())
                        .writeEnd();
            }
            json.writeEnd();
        });
    }
}
