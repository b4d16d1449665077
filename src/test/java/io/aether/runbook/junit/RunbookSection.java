package io.aether.runbook.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a class as the checks of one runbook section: the run's environment (and, for the local one, the local
 * platform) is prepared once per JVM and handed to each check as a {@link Runbook} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RunbookExtension.class)
public @interface RunbookSection {

    /** The runbook section's number, as the runbook numbers it. */
    int value();
}
