package dev.chorus.launcher;

import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.List;

/**
 * The microbundle's entry point: starts Payara Micro as its own launcher would, then makes start-up either
 * succeed or exit. Payara Micro logs "Failed to start, exiting" when, say, its HTTP port is taken, but its data
 * grid member keeps the JVM alive: the half-started process holds its grid port and stays in the cluster,
 * where the healthy members keep sending it work (seen: 11 minutes, 503s and a 30 s POST on the others). An
 * application that failed to deploy leaves the same kind of empty member behind. Here both end the process
 * with a non-zero status, so a supervisor restarts it and the grid lets it go.
 *
 * <p>A restart over an existing {@code --rootdir} would deploy the application twice: once as remembered in
 * the root's {@code domain.xml}, then again from the uber jar, and requests in between get 500s. So before boot,
 * remembered user applications are forgotten ({@link RememberedDeployments}); the uber jar deploys its own.
 *
 * <p>Reflection only: this class sits at the root of the uber jar beside Payara's boot classes and is compiled
 * with the JDK alone (no Payara internals on any compile path).
 */
public final class ChorusLauncher {
    private static final int BOOT_FAILED = 1;
    private static final int NOT_DEPLOYED = 2;
    /** Set by the application once its web context is up (dev.chorus.interfaces.web.StartedSignal). */
    private static final String STARTED = "chorus.application.started";

    private ChorusLauncher() {
    }

    public static void main(String[] args) {
        try {
            RememberedDeployments.forget(args);
        } catch (Exception e) {
            exit(BOOT_FAILED, "Could not prepare the root directory: " + e);
        }
        try {
            Class.forName("fish.payara.micro.boot.PayaraMicroLauncher").getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            exit(BOOT_FAILED, "Payara Micro failed to start: " + rootCause(e));
        } catch (ReflectiveOperationException | RuntimeException e) {
            exit(BOOT_FAILED, "Payara Micro could not be launched: " + e);
        }
        if (List.of(args).contains("--outputuberjar")) {
            return; // packaging run: nothing is served
        }
        try {
            Object boot = Class.forName("fish.payara.micro.impl.PayaraMicroImpl", true,
                    Thread.currentThread().getContextClassLoader()).getMethod("getInstance").invoke(null);
            Object runtime = boot.getClass().getMethod("getRuntime").invoke(boot);
            Collection<?> deployed = (Collection<?>) runtime.getClass().getMethod("getDeployedApplicationNames")
                    .invoke(runtime);
            if (deployed.isEmpty() || !Boolean.getBoolean(STARTED)) {
                exit(NOT_DEPLOYED, "Chorus was not deployed (see the errors above); exiting instead of serving nothing");
            }
        } catch (InvocationTargetException e) {
            exit(BOOT_FAILED, "Payara Micro is not running: " + rootCause(e));
        } catch (ReflectiveOperationException | RuntimeException e) {
            exit(BOOT_FAILED, "Could not check the deployment: " + e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** Exits with {@code status}; halts if shutdown hooks (Payara's, the grid's) do not finish within 30 s. */
    private static void exit(int status, String why) {
        System.err.println("SEVERE: " + why);
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status);
        }, "chorus-exit-watchdog");
        halt.setDaemon(true);
        halt.start();
        System.exit(status);
    }
}
