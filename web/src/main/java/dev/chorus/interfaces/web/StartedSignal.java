package dev.chorus.interfaces.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Tells the microbundle's launcher that the application really started: a system property set once the web
 * context is up (after CDI start-up, whose failure — an invalid setting, say — stops the context before this
 * runs). Payara Micro reports a failed deployment only in its log and keeps running; the launcher exits instead
 * when this signal is missing.
 */
@WebListener
public class StartedSignal implements ServletContextListener {
    /** Read by dev.chorus.launcher.ChorusLauncher (a class outside the WAR: the name is the contract). */
    public static final String PROPERTY = "chorus.application.started";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        System.setProperty(PROPERTY, "true");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        System.clearProperty(PROPERTY);
    }
}
