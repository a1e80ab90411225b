package io.memcached4j.cli.commands;

/** How a listing is printed: readable text, JSON lines (one object per line), or tab-separated values. */
enum OutputFormat {
    TEXT, JSON, TSV
}
