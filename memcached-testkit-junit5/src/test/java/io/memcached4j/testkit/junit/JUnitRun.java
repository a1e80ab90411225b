package io.memcached4j.testkit.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Runs a test class with the JUnit Platform launcher and collects each test's and container's outcome. */
final class JUnitRun {
    private final Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();

    private JUnitRun() {
    }

    static JUnitRun of(Class<?> testClass) {
        JUnitRun run = new JUnitRun();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request().selectors(selectClass(testClass)).build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                run.results.put(id.getDisplayName(), result);
            }
        });
        return run;
    }

    /** @return the outcome of a test method (display name {@code name()}) or a class (its simple name) */
    TestExecutionResult result(String displayName) {
        TestExecutionResult result = results.get(displayName);
        if (result == null) {
            throw new AssertionError("no outcome for " + displayName + " in " + results.keySet());
        }
        return result;
    }

    /** @return the failure of a test or container, which must have failed */
    Throwable failure(String displayName) {
        TestExecutionResult result = result(displayName);
        return result.getThrowable().orElseThrow(() -> new AssertionError(displayName + " did not fail: " + result));
    }

    void assertAllSuccessful() {
        results.forEach((name, result) -> {
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                throw new AssertionError(name + ": " + result, result.getThrowable().orElse(null));
            }
        });
    }
}
