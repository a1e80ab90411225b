package io.memcached4j.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Sends what the platform logs through {@code java.util.logging} ({@link System.Logger}'s default)
 * to SLF4J, whose Logback configuration writes a file: the CLI owns the terminal, so nothing is
 * logged onto it.
 */
final class Logging {
    /**
     * The platform's loggers ({@code io.memcached4j} and below), held so that java.util.logging keeps the
     * level set here: they log at DEBUG (FINE) too, e.g. which provider was chosen, and the file has room.
     */
    private static final java.util.logging.Logger PLATFORM = java.util.logging.Logger.getLogger("io.memcached4j");

    private Logging() {
    }

    /**
     * Replaces the console handler of {@code java.util.logging} with one that forwards to SLF4J: INFO and up,
     * and DEBUG from the platform (its Logback configuration writes those to the file too). Called once,
     * by {@link Main#main}, before any command runs.
     */
    static void toFile() {
        LogManager.getLogManager().reset();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(new ToSlf4j());
        PLATFORM.setLevel(Level.FINE);
    }

    private static final class ToSlf4j extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            String name = record.getLoggerName() == null ? "jul" : record.getLoggerName();
            Logger logger = LoggerFactory.getLogger(name);
            String message = formatter.formatMessage(record);
            int level = record.getLevel().intValue();
            if (level >= Level.SEVERE.intValue()) {
                logger.error(message, record.getThrown());
            } else if (level >= Level.WARNING.intValue()) {
                logger.warn(message, record.getThrown());
            } else if (level >= Level.INFO.intValue()) {
                logger.info(message, record.getThrown());
            } else {
                logger.debug(message, record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
