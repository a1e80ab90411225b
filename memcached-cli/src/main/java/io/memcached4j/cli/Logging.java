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
    private Logging() {
    }

    /** Replaces the console handler of {@code java.util.logging} with one that forwards to SLF4J. */
    static void toFile() {
        LogManager.getLogManager().reset();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(new ToSlf4j());
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
