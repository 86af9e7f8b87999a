/* test-replycodes-i18n: every text of the reply-code knowledge base reaches the translators and comes back in
 * each language. A field of a table that is not marked N_() is missing from the catalog, so the reader would see
 * it in English in the middle of a translated page: this test reads the kb parts of the catalogs
 * (po/parts/kb/{pt_BR,pt,fr}.po, built from the extracted .pot) and wants every field of every table there with a
 * translation. It also holds the translations to the first-rank rule: what the English calls transient
 * stays temporary in every language, what it calls permanent stays permanent, and the class-neutral texts of the
 * enhanced codes (sent as 4.s.d and as 5.s.d alike) say neither. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "core/replycodes.h"

#ifndef SMTPCON_SOURCE_DIR
#define SMTPCON_SOURCE_DIR "."
#endif

#define MAX_ENTRIES 4096

struct po {
	const char *lang;
	size_t n;
	char *id[MAX_ENTRIES];
	char *str[MAX_ENTRIES];
};

/* Append the C-escaped contents of a "..." line to *dst. */
static void append_quoted(char **dst, const char *line)
{
	const char *p = strchr(line, '"');
	size_t old = *dst ? strlen(*dst) : 0, cap = old + strlen(line) + 1;
	char *out = realloc(*dst, cap);
	size_t k = old;

	if (!out || !p)
		return;
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			out[k++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
	*dst = out;
}

static int po_load(struct po *po, const char *lang)
{
	char path[1024], line[8192];
	char **cur = NULL;
	FILE *f;

	memset(po, 0, sizeof *po);
	po->lang = lang;
	snprintf(path, sizeof path, "%s/po/parts/kb/%s.po", SMTPCON_SOURCE_DIR, lang);
	if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "cannot read %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "msgid \"", 7) == 0 && po->n < MAX_ENTRIES) {
			cur = &po->id[po->n];
			append_quoted(cur, line);
		} else if (strncmp(line, "msgstr \"", 8) == 0 && po->n < MAX_ENTRIES) {
			cur = &po->str[po->n++];
			append_quoted(cur, line);
		} else if (line[0] == '"' && cur) {
			append_quoted(cur, line);
		} else {
			cur = NULL;
		}
	}
	fclose(f);
	return 0;
}

static void po_free(struct po *po)
{
	for (size_t i = 0; i < po->n; i++) {
		free(po->id[i]);
		free(po->str[i]);
	}
}

static const char *po_get(const struct po *po, const char *msgid)
{
	for (size_t i = 0; i < po->n; i++)
		if (po->id[i] && strcmp(po->id[i], msgid) == 0)
			return po->str[i] && po->str[i][0] ? po->str[i] : NULL;
	return NULL;
}

static bool has_word(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strstr(s, *words))
			return true;
	return false;
}

/* Words that make a text read as temporary or as permanent, per language (lower and capitalised forms). */
static const char *const temporary[] = {"tempor", "Tempor", NULL};
static const char *const permanent[] = {"permanent", "Permanent", "définitiv", "definitiv", NULL};

/* A field that must be in the catalog, translated; verdict words checked against the English. */
static void check_text(const struct po *po, const char *what, const char *en, bool neutral)
{
	if (!en || !*en || strncmp(en, "RFC ", 4) == 0) /* RFC numbers are not words to translate */
		return;
	const char *t = po_get(po, en);
	CHECK(t != NULL);
	if (!t) {
		fprintf(stderr, "  %s: %s has no translation of \"%s\"\n", po->lang, what, en);
		return;
	}
	if (strncasecmp(en, "transient", 9) == 0) {
		CHECK(has_word(t, temporary) && !has_word(t, permanent));
		if (!has_word(t, temporary) || has_word(t, permanent))
			fprintf(stderr, "  %s: %s reads not as temporary: \"%s\"\n", po->lang, what, t);
	}
	if (strncasecmp(en, "permanent", 9) == 0) {
		CHECK(has_word(t, permanent) && !has_word(t, temporary));
		if (!has_word(t, permanent) || has_word(t, temporary))
			fprintf(stderr, "  %s: %s reads not as permanent: \"%s\"\n", po->lang, what, t);
	}
	if (neutral) {
		CHECK(!has_word(t, temporary) && !has_word(t, permanent));
		if (has_word(t, temporary) || has_word(t, permanent))
			fprintf(stderr, "  %s: %s is sent as 4.s.d and 5.s.d, yet says a verdict: \"%s\"\n", po->lang,
				what, t);
	}
}

static void check_digits(const struct po *po, const struct digit_info *t, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		check_text(po, what, t[i].name, false);
		check_text(po, what, t[i].explain, false);
	}
}

static void check_language(const char *lang)
{
	struct po po;
	char what[64];

	CHECK(po_load(&po, lang) == 0);
	if (po.n == 0)
		return;
	for (size_t i = 0; i < replycodes_basic_count(); i++) {
		const struct replycode_info *b = replycodes_basic_at(i);
		snprintf(what, sizeof what, "%d", b->code);
		check_text(&po, what, b->name, false);
		check_text(&po, what, b->explain, false);
		check_text(&po, what, b->causes, false);
		check_text(&po, what, b->todo, false);
		/* Every 4xx tells to come back, every 5xx not to retry unchanged: in each language. */
		const char *todo = po_get(&po, b->todo);
		if (todo && b->code / 100 == 4)
			CHECK(has_word(todo, temporary) || !has_word(todo, permanent));
		if (todo && b->code / 100 == 5)
			CHECK(!has_word(todo, temporary));
	}
	for (size_t i = 0; i < replycodes_enhanced_count(); i++) {
		const struct enhanced_info *e = replycodes_enhanced_at(i);
		snprintf(what, sizeof what, "X.%d.%d", e->subject, e->detail);
		check_text(&po, what, e->name, true);
		check_text(&po, what, e->explain, true);
		check_text(&po, what, e->causes, true);
		check_text(&po, what, e->todo, true);
		check_text(&po, what, e->ref, false);
		check_text(&po, what, e->transient, false);
		check_text(&po, what, e->permanent, false);
	}
	check_digits(&po, replycodes_first_table, replycodes_first_table_len, "first digit");
	check_digits(&po, replycodes_second_table, replycodes_second_table_len, "second digit");
	check_digits(&po, replycodes_class_table, replycodes_class_table_len, "class");
	check_digits(&po, replycodes_subject_table, replycodes_subject_table_len, "subject");
	for (int c = 100; c <= 600; c += 100)
		check_text(&po, "kind", replycodes_action(c), false);
	for (int cls = 2; cls <= 5; cls++)
		check_text(&po, "verdict", replycodes_enhanced_verdict(NULL, cls), false);
	po_free(&po);
}

int main(void)
{
	check_language("pt_BR");
	check_language("pt");
	check_language("fr");
	return check_report();
}
