/* Text for a person at a terminal: the rules' markdown documentation
 * (rules/TDnnn.md) rendered for --explain, and the word wrapping of --help
 * and --list-rules. Presentation only, so it lives with the command: the library
 * hands out the documentation as markdown (td_rule_info.doc). */
#ifndef TDLINT_CLI_MARKDOWN_H
#define TDLINT_CLI_MARKDOWN_H

#include <stdio.h>

typedef struct {
    int width;  /* wrap prose and tables at this column; code blocks are never wrapped */
    int styled; /* 1: ANSI bold and underline (a terminal); 0: plain text */
} cli_md_options;

/* Writes the markdown text md to out as text to read, without markdown
 * syntax: headings underlined ('=' for level 1, '-' for level 2; bold when
 * styled), paragraphs and list items re-wrapped with hanging indents, fenced
 * code indented by 4 columns and kept as is, tables aligned in columns (the
 * widest cells wrapped when the table is wider than the width), links as
 * "text (url)" or, for links within the page, "text". Inline code keeps its
 * backticks in plain text and is bold without them when styled; **strong**
 * and *emphasis* lose their asterisks (bold and underlined when styled).
 * Handles the CommonMark subset the rule documentation uses; anything else
 * is printed as paragraph text. Returns 0, or -1 when out of memory or when
 * writing fails. */
int cli_md_render(FILE *out, const char *md, const cli_md_options *opt);

/* Prints text word-wrapped at width and ends the line: the first line goes
 * on from column col, the others start at column indent. */
void cli_wrap(FILE *out, const char *text, int col, int indent, int width);

#endif
