/*
 * text.c - the one JSON string escaper and the one HTML escaper of pirqsim,
 * for the library's exports (src/trace) and the command line (cli/) alike.
 *
 * They never print: the escaped text goes to a caller's write function in
 * runs of bytes, so the library appends it to a growing buffer and the
 * command line writes it to a FILE.  Declared in pirqsim.h.
 */
#include <stdio.h>
#include <string.h>

#include "pirqsim.h"

/* Bytes that JSON requires escaped: the quote, the backslash and the
 * control characters below 0x20. */
static bool json_needs_escape(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

/* One escaped byte: \" and \\, \n for a line feed (the only control
 * character with a short form here, as every escaper of pirqsim wrote it
 * before there was one), \u00XX for the other control characters. */
static void json_escape(unsigned char c, pirqsim_write_fn write, void *data)
{
	char escaped[8];
	if (c == '"' || c == '\\')
		snprintf(escaped, sizeof(escaped), "\\%c", c);
	else if (c == '\n')
		snprintf(escaped, sizeof(escaped), "\\n");
	else
		snprintf(escaped, sizeof(escaped), "\\u%04x", c);
	write(escaped, strlen(escaped), data);
}

void pirqsim_json_string(const char *text, pirqsim_write_fn write, void *data)
{
	write("\"", 1, data);
	const unsigned char *run = (const unsigned char *)(text ? text : "");
	for (;;) {
		size_t plain = 0;
		while (run[plain] && !json_needs_escape(run[plain]))
			plain++;
		if (plain)
			write((const char *)run, plain, data);
		if (!run[plain])
			break;
		json_escape(run[plain], write, data);
		run += plain + 1;
	}
	write("\"", 1, data);
}

/* The entity of a byte HTML would read as markup, or NULL. */
static const char *html_entity(char c)
{
	switch (c) {
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '&': return "&amp;";
	case '"': return "&quot;";
	default: return NULL;
	}
}

void pirqsim_html_text(const char *text, pirqsim_write_fn write, void *data)
{
	const char *run = text ? text : "";
	for (;;) {
		size_t plain = strcspn(run, "<>&\"");
		if (plain)
			write(run, plain, data);
		if (!run[plain])
			break;
		const char *entity = html_entity(run[plain]);
		write(entity, strlen(entity), data);
		run += plain + 1;
	}
}
