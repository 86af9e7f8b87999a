/* out-json: the JSON Lines sink. Each event becomes one object on one line, built in memory with lib/json.h
 * (which checks UTF-8 and escapes controls) and written with a single fwrite, so a line is never half written
 * by us. Field by field documentation: docs/events.md. */
#include "batch/out-json.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/delivery.h"
#include "core/mtasts.h"
#include "core/smtp.h"
#include "core/tls-scan.h"
#include "lib/buf.h"
#include "lib/json.h"
#include "lib/xmalloc.h"

struct out_json {
	FILE *f;
	unsigned flags;
	struct buf b;
};

/* Index = bit number of enum reply_flag. */
static const char *const reply_flag_names[] = {
	"malformed", "code_mismatch", "bare_lf", "bare_cr", "nul", "line_too_long",
	"too_many_lines", "over_512", "bad_code", "enh_mismatch", "incomplete",
};

const char *out_json_reply_flag_name(unsigned bit)
{
	for (unsigned i = 0; i < sizeof reply_flag_names / sizeof reply_flag_names[0]; i++)
		if (bit == 1u << i)
			return reply_flag_names[i];
	return NULL;
}

struct out_json *out_json_new(FILE *f, unsigned flags)
{
	struct out_json *o = xcalloc(1, sizeof *o);
	o->f = f;
	o->flags = flags;
	/* No limit of its own: a line is at most about six times the event's bytes, which the core bounds; a limit
	 * here could only cut a line into invalid JSON. */
	buf_init(&o->b, 0);
	return o;
}

void out_json_free(struct out_json *o)
{
	if (o == NULL)
		return;
	fflush(o->f);
	buf_free(&o->b);
	free(o);
}

static void hex(struct jw *w, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = xmalloc(2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[2 * n] = '\0';
	jw_str(w, s);
	free(s);
}

/* "data": the bytes as a string; when that string is lossy, "data_hex" holds the exact bytes. */
static void kbytes(struct jw *w, const char *key, const char *hexkey, const uint8_t *p, size_t n)
{
	jw_key(w, key);
	if (!jw_bytes(w, p ? p : (const uint8_t *)"", p ? n : 0)) {
		jw_key(w, hexkey);
		hex(w, p, n);
	}
}

static void iso_time(struct jw *w, const char *key, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[40];
	jw_key(w, key);
	if ((int64_t)tt != t || gmtime_r(&tt, &tm) == NULL || strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		jw_null(w);
	else
		jw_str(w, s);
}

static void strv(struct jw *w, const char *key, char *const *v, size_t n)
{
	jw_key(w, key);
	jw_arr_begin(w);
	for (size_t i = 0; i < n; i++)
		jw_str(w, v[i]);
	jw_arr_end(w);
}

static void j_cert(struct jw *w, const struct cert_info *c, bool full)
{
	jw_obj_begin(w);
	jw_kstr(w, "subject", c->subject);
	jw_kstr(w, "issuer", c->issuer);
	iso_time(w, "not_before", c->not_before);
	iso_time(w, "not_after", c->not_after);
	strv(w, "sans", c->sans, c->nsans);
	if (full) {
		jw_kstr(w, "sha256", c->sha256);
		jw_kstr(w, "spki_sha256", c->spki_sha256);
		jw_kstr(w, "serial", c->serial);
		jw_kstr(w, "pk_algo", c->pk_algo);
		jw_kint(w, "pk_bits", c->pk_bits);
		jw_kstr(w, "sig_algo", c->sig_algo);
		jw_kbool(w, "self_signed", c->self_signed);
		jw_key(w, "is_ca");
		if (c->is_ca < 0)
			jw_null(w);
		else
			jw_bool(w, c->is_ca > 0);
		/* The certificate inspector's fields (issue 5): the tls event is the one place the chain is in JSON. */
		jw_key(w, "path_len");
		if (c->path_len < 0)
			jw_null(w);
		else
			jw_int(w, c->path_len);
		jw_kstr(w, "key_usage", c->key_usage);
		jw_kstr(w, "ext_key_usage", c->ext_key_usage);
		strv(w, "ocsp_urls", c->ocsp_urls, c->nocsp_urls);
		strv(w, "crl_urls", c->crl_urls, c->ncrl_urls);
	}
	jw_obj_end(w);
}

static bool has_reason(const struct tls_info *ti, const char *id)
{
	for (size_t i = 0; i < ti->nreasons; i++)
		if (ti->reasons[i].id && strcmp(ti->reasons[i].id, id) == 0)
			return true;
	return false;
}

static void j_tls(struct jw *w, const struct tls_info *ti)
{
	if (ti == NULL)
		return;
	jw_kstr(w, "version", ti->version);
	jw_kstr(w, "cipher", ti->cipher);
	jw_kstr(w, "suite", ti->suite);
	jw_kstr(w, "group", ti->kx_group);
	jw_kstr(w, "sig_scheme", ti->sig_scheme);
	jw_kstr(w, "description", ti->description);
	jw_kbool(w, "resumed", ti->resumed);
	jw_kbool(w, "verified", ti->verified);
	jw_kbool(w, "insecure", ti->verify_skipped);
	jw_kint(w, "status", ti->status);
	jw_key(w, "reasons");
	jw_arr_begin(w);
	for (size_t i = 0; i < ti->nreasons; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "id", ti->reasons[i].id);
		jw_kstr(w, "text", ti->reasons[i].text);
		jw_kstr(w, "hint", ti->reasons[i].hint);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_kstr(w, "checked_name", ti->checked_name);
	jw_kstr(w, "sni", ti->sni);
	jw_kstr(w, "trust_store", ti->trust_store);
	jw_kbool(w, "ocsp_stapled", ti->ocsp_stapled);
	jw_kstr(w, "ocsp_status", ti->ocsp_status);
	if (ti->ocsp_stapled) {
		jw_kbool(w, "ocsp_verified", ti->ocsp_verified);
		jw_kstr(w, "ocsp_verify", ti->ocsp_verify);
	}
	jw_kbool(w, "chain_out_of_order", ti->chain_out_of_order);
	/* The last certificate sent is not self-signed and its issuer was not found: an intermediate is missing. */
	jw_kbool(w, "chain_incomplete", ti->nchain > 0 && !ti->chain[ti->nchain - 1].self_signed &&
	                                    has_reason(ti, "signer-not-found"));
	jw_key(w, "peer");
	if (ti->nchain > 0)
		j_cert(w, &ti->chain[0], false);
	else
		jw_null(w);
	jw_key(w, "chain");
	jw_arr_begin(w);
	for (size_t i = 0; i < ti->nchain; i++)
		j_cert(w, &ti->chain[i], true);
	jw_arr_end(w);
}

static void cap_obj(struct jw *w, const struct cap *c)
{
	jw_obj_begin(w);
	jw_kstr(w, "name", c->name);
	jw_kstr(w, "params", c->params ? c->params : "");
	jw_obj_end(w);
}

static void j_caps(struct jw *w, const struct event *ev)
{
	jw_kstr(w, "phase", caps_phase_name(ev->phase));
	jw_kstr(w, "domain", ev->caps ? ev->caps->domain : NULL);
	jw_key(w, "caps");
	jw_arr_begin(w);
	for (size_t i = 0; ev->caps && i < ev->caps->n; i++)
		cap_obj(w, &ev->caps->v[i]);
	jw_arr_end(w);
}

static void j_caps_diff(struct jw *w, const struct event *ev)
{
	const struct caps_diff *d = ev->diff;
	jw_kstr(w, "from", caps_phase_name(ev->phase_from));
	jw_kstr(w, "to", caps_phase_name(ev->phase));
	jw_key(w, "added");
	jw_arr_begin(w);
	for (size_t i = 0; d && i < d->nadded; i++)
		cap_obj(w, &d->added[i]);
	jw_arr_end(w);
	jw_key(w, "removed");
	jw_arr_begin(w);
	for (size_t i = 0; d && i < d->nremoved; i++)
		cap_obj(w, &d->removed[i]);
	jw_arr_end(w);
	jw_key(w, "changed");
	jw_arr_begin(w);
	for (size_t i = 0; d && i < d->nchanged; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "name", d->changed[i].name);
		jw_kstr(w, "from", d->changed[i].from);
		jw_kstr(w, "to", d->changed[i].to);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_kint(w, "same", d ? (long long)d->nsame : 0);
}

static void j_reply(struct jw *w, const struct event *ev)
{
	const struct reply *r = ev->reply;
	if (r == NULL)
		return;
	jw_kint(w, "code", r->code);
	jw_kstr(w, "enhanced", r->enhanced);
	bool exact = true;
	jw_key(w, "lines");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->nlines; i++)
		exact &= jw_bytes(w, (const uint8_t *)r->lines[i].text, r->lines[i].len);
	jw_arr_end(w);
	if (!exact) {
		jw_key(w, "lines_hex");
		jw_arr_begin(w);
		for (size_t i = 0; i < r->nlines; i++)
			hex(w, (const uint8_t *)r->lines[i].text, r->lines[i].len);
		jw_arr_end(w);
	}
	jw_kint(w, "total_lines", (long long)r->total_lines);
	jw_key(w, "flags");
	jw_arr_begin(w);
	for (unsigned bit = 0; bit < 32; bit++) {
		if (!(r->flags & (1u << bit)))
			continue;
		const char *name = out_json_reply_flag_name(1u << bit);
		if (name) {
			jw_str(w, name);
		} else {
			char unknown[32];
			snprintf(unknown, sizeof unknown, "flag_0x%x", 1u << bit);
			jw_str(w, unknown);
		}
	}
	jw_arr_end(w);
	jw_kstr(w, "command", ev->command);
	if (ev->recipient)
		jw_kstr(w, "recipient", ev->recipient); /* LMTP: whose delivery this reply reports */
}

static void j_txn(struct jw *w, const struct event *ev)
{
	const struct txn_result *r = ev->txn;
	if (r == NULL)
		return;
	jw_kstr(w, "outcome", txn_outcome_name(r->outcome));
	jw_kstr(w, "at", txn_at_name(r->at));
	if (r->code)
		jw_kint(w, "code", r->code);
	if (r->enhanced[0])
		jw_kstr(w, "enhanced", r->enhanced);
	if (r->queue_id[0])
		jw_kstr(w, "queue_id", r->queue_id);
	if (r->recipient)
		jw_kstr(w, "recipient", r->recipient);
	jw_kint(w, "recipients", (long long)r->recipients);
	if (r->reason)
		jw_kstr(w, "reason", r->reason);
	if (r->late)
		jw_kbool(w, "late", true);
}

/* {"type":"dane","host":...,"port":25,"verdict":...,"mx_secure":true,"level":"verified|trusted","detail":...,"records":[...],"matched":"3 1 1 ..."|null,
 *  "matched_depth":0,"publish":[...]} */
static void j_dane(struct jw *w, const struct dane_report *r)
{
	if (r == NULL)
		return;
	jw_kstr(w, "host", r->host);
	jw_kstr(w, "tlsa_base", r->base ? r->base : r->host);
	jw_kint(w, "port", r->port);
	jw_kstr(w, "verdict", dane_verdict_name(r->verdict));
	jw_kbool(w, "mx_secure", r->mx_secure);
	if (r->verdict == DANE_VERIFIED) /* Postfix's words: "Verified", or "Trusted" through an insecure MX */
		jw_kstr(w, "level", r->trusted ? "trusted" : "verified");
	jw_kstr(w, "detail", r->detail);
	jw_key(w, "records");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->nrecords; i++)
		jw_str(w, r->records[i]);
	jw_arr_end(w);
	jw_key(w, "matched");
	if (r->matched >= 0 && (size_t)r->matched < r->nrecords) {
		jw_str(w, r->records[r->matched]);
		jw_kint(w, "matched_depth", r->depth);
	} else {
		jw_null(w);
	}
	if (r->verdict != DANE_VERIFIED && r->publish311[0]) {
		jw_key(w, "publish");
		jw_arr_begin(w);
		jw_str(w, r->publish311);
		if (r->publish211[0])
			jw_str(w, r->publish211);
		jw_arr_end(w);
	}
}

/* {"type":"delivery_view","domain":...,"host":...,"verdict":"dane|mta-sts|opportunistic|defer|plaintext",
 *  "delivers":true,"pkix_verified":false,"dane":...,"mx_secure":true,"reason":...} */
static void j_delivery(struct jw *w, const struct delivery_view *v)
{
	if (v == NULL)
		return;
	jw_kstr(w, "domain", v->domain);
	jw_kstr(w, "host", v->host);
	jw_kstr(w, "verdict", delivery_kind_name(v->kind));
	jw_kstr(w, "summary", delivery_kind_text(v->kind));
	jw_kbool(w, "delivers", v->delivers);
	jw_kbool(w, "pkix_verified", v->pkix_verified);
	jw_kstr(w, "dane", v->dane);
	jw_kbool(w, "mx_secure", v->mx_secure);
	if (v->mta_sts)
		jw_kstr(w, "mta_sts", v->mta_sts);
	jw_kstr(w, "reason", v->reason);
}

static void j_strv(struct jw *w, const char *key, char *const *v, size_t n)
{
	jw_key(w, key);
	jw_arr_begin(w);
	for (size_t i = 0; i < n; i++)
		jw_str(w, v[i]);
	jw_arr_end(w);
}

/* {"type":"tls_scan","host":...,"addr":...,"port":25,"version":"TLS1.2","accepted":true,"ciphers":[...],
 *  "hello_only":[...],"server_order":true|false|null,"order_known":N,"groups":[...]|null,"dh_bits":N,
 *  "weak":[{"name":...,"id":...,"why":...}]}: one per protocol version, docs/events.md. */
static void j_tls_scan(struct jw *w, const struct event *ev)
{
	const struct tls_scan_version *r = ev->tls_scan;
	if (r == NULL)
		return;
	jw_kstr(w, "host", ev->host);
	jw_kstr(w, "addr", ev->addr);
	jw_kint(w, "port", ev->port);
	jw_kstr(w, "version", r->version);
	jw_kbool(w, "accepted", r->accepted);
	j_strv(w, "ciphers", r->suites, r->nsuites);
	j_strv(w, "hello_only", r->nhello_only ? r->suites + (r->nsuites - r->nhello_only) : NULL, r->nhello_only);
	jw_key(w, "server_order");
	if (r->server_order < 0)
		jw_null(w);
	else
		jw_bool(w, r->server_order == 1);
	jw_kint(w, "order_known", (long long)r->order_known);
	jw_kbool(w, "order_exact", r->order_exact);
	jw_kstr(w, "order_probes", r->order_probes);
	if (r->groups_tried) {
		j_strv(w, "groups", r->groups, r->ngroups);
	} else {
		jw_key(w, "groups");
		jw_null(w);
	}
	jw_kint(w, "dh_bits", r->dh_bits);
	jw_key(w, "weak");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->nweak; i++) {
		jw_obj_begin(w);
		jw_kstr(w, "name", r->weak[i].name);
		jw_kstr(w, "id", r->weak[i].w->id);
		jw_kstr(w, "why", r->weak[i].w->why);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_INFO: return "info";
	case SEV_WARNING: return "warning";
	case SEV_ERROR: return "error";
	}
	return "unknown";
}

static const char *dir_name(enum event_dir d)
{
	switch (d) {
	case DIR_CLIENT: return "client";
	case DIR_SERVER: return "server";
	case DIR_NONE: break;
	}
	return "none";
}

/* {"type":"mta_sts"}: the domain's policy and what it makes of one MX host (docs/events.md). */
static void j_mtasts(struct jw *w, const struct event *ev)
{
	const struct mtasts_result *r = ev->mtasts;
	const struct mtasts_host_view *v = ev->mtasts_host;
	if (!r || !v)
		return;
	jw_kstr(w, "domain", r->domain);
	jw_kstr(w, "host", ev->host);
	jw_kstr(w, "policy", mtasts_status_name(r->status));
	jw_kstr(w, "mode", mtasts_mode_name(mtasts_effective_mode(r)));
	jw_kstr(w, "id", r->id[0] ? r->id : NULL);
	if (r->policy) {
		jw_kint(w, "max_age", r->policy->max_age);
		jw_key(w, "mx");
		jw_arr_begin(w);
		for (size_t i = 0; i < r->policy->nmx; i++)
			jw_str(w, r->policy->mx[i]);
		jw_arr_end(w);
	}
	jw_kbool(w, "mx_match", v->mx_match);
	jw_kstr(w, "verdict", mtasts_verdict_name(v->verdict));
	jw_kbool(w, "would_defer", v->would_defer);
	jw_kstr(w, "reason", r->status == MTASTS_ST_POLICY || !r->reason ? v->reason : r->reason);
	jw_key(w, "tlsrpt_rua");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->tlsrpt.nrua; i++)
		jw_str(w, r->tlsrpt.rua[i]);
	jw_arr_end(w);
}

/* The fields after "type" and "t". */
static void fields(struct jw *w, const struct event *ev)
{
	switch (ev->type) {
	case EV_INFO:
	case EV_OUTPUT:
		if (ev->id)
			jw_kstr(w, "id", ev->id); /* optional: a note a program may look for ("repeat-summary") */
		jw_kstr(w, "message", ev->text);
		break;
	case EV_WARNING:
		jw_kstr(w, "id", ev->id);
		jw_kstr(w, "message", ev->text);
		jw_kstr(w, "hint", ev->hint);
		break;
	case EV_ERROR:
		jw_kstr(w, "stage", ev->id);
		jw_kstr(w, "message", ev->text);
		if (ev->hint)
			jw_kstr(w, "hint", ev->hint);
		break;
	case EV_RESOLVED:
		jw_kstr(w, "host", ev->host);
		jw_kstr(w, "ulabel", ev->text);
		jw_kint(w, "count", ev->count);
		break;
	case EV_CONNECTING:
	case EV_CONNECTED:
		jw_kstr(w, "host", ev->host);
		jw_kint(w, "port", ev->port);
		jw_kstr(w, "address", ev->addr);
		if (ev->type == EV_CONNECTED)
			jw_kbool(w, "tls", ev->tls);
		break;
	case EV_SENT:
	case EV_RECEIVED:
		kbytes(w, "data", "data_hex", ev->data, ev->len);
		jw_kbool(w, "tls", ev->tls);
		if (ev->secret)
			jw_kbool(w, "secret", true);
		if (ev->group) { /* a pipelined group: the commands that travelled in one write (or one read) */
			jw_kint(w, "group", (long long)ev->group);
			jw_kint(w, "group_size", ev->group_size);
		}
		break;
	case EV_RECORD:
		jw_kstr(w, "dir", dir_name(ev->dir));
		jw_kint(w, "len", (long long)ev->len);
		jw_key(w, "data_hex");
		hex(w, ev->data, ev->data ? ev->len : 0);
		break;
	case EV_REPLY:
		j_reply(w, ev);
		break;
	case EV_TLS:
		j_tls(w, ev->tls_info);
		break;
	case EV_CAPS:
		j_caps(w, ev);
		break;
	case EV_CAPS_DIFF:
		j_caps_diff(w, ev);
		break;
	case EV_STATE:
		jw_kstr(w, "from", smtp_state_name(ev->state_from));
		jw_kstr(w, "to", smtp_state_name(ev->state));
		break;
	case EV_EXPECT:
		jw_kbool(w, "ok", ev->ok);
		jw_kstr(w, "wanted", ev->text);
		jw_kstr(w, "got", ev->got);
		break;
	case EV_DIAGNOSIS:
		jw_kstr(w, "id", ev->id);
		jw_kstr(w, "severity", severity_name(ev->severity));
		jw_kstr(w, "message", ev->text);
		jw_kstr(w, "hint", ev->hint);
		if (ev->mech) { /* "auth-challenge": an AUTH exchange typed by hand, its 334 decoded */
			jw_kstr(w, "mech", ev->mech);
			jw_kint(w, "step", ev->step);
			if (ev->data)
				kbytes(w, "challenge", "challenge_hex", ev->data, ev->len);
			else
				jw_kstr(w, "challenge", NULL);
		}
		break;
	case EV_CLOSED:
		jw_kstr(w, "by", ev->text);
		jw_kstr(w, "reason", ev->id);
		break;
	case EV_WAITING:
		jw_kstr(w, "what", ev->text);
		jw_kint(w, "timeout_ms", ev->timeout_ms);
		break;
	case EV_TRANSACTION: j_txn(w, ev); break;
	case EV_MTA_STS: j_mtasts(w, ev); break;
	case EV_DANE: j_dane(w, ev->dane); break;
	case EV_DELIVERY: j_delivery(w, ev->delivery); break;
	case EV_TLS_SCAN: j_tls_scan(w, ev); break;
	case EV_TLS_START:
	case EV_IDLE:
	case EV_TLS_HELLO: /* only /tls scan's own sessions, which have no JSON writer */
	case EV_NTYPES:
		break;
	}
}

void out_json_event(void *ctx, const struct event *ev)
{
	struct out_json *o = ctx;
	if (ev->type == EV_IDLE || (ev->type == EV_RECORD && !(o->flags & OUT_JSON_RECORDS)))
		return;
	struct jw w;
	buf_reset(&o->b);
	jw_init(&w, &o->b);
	jw_obj_begin(&w);
	jw_kstr(&w, "type", event_type_name(ev->type));
	if (!(o->flags & OUT_JSON_NO_TIME)) {
		/* Integer arithmetic, three decimals: printf("%f") would follow LC_NUMERIC. */
		char t[32];
		uint64_t ms = ev->t_ns / 1000000u;
		snprintf(t, sizeof t, "%" PRIu64 ".%03" PRIu64, ms / 1000u, ms % 1000u);
		jw_key(&w, "t");
		jw_raw(&w, t);
	}
	if (ev->client) { /* listen mode: which remote client; its address where it comes and goes */
		jw_kint(&w, "client", (long long)ev->client);
		if (ev->program)
			jw_kstr(&w, "program", ev->program);
		if (ev->peer && (ev->type == EV_INFO || ev->type == EV_CLOSED))
			jw_kstr(&w, "peer", ev->peer);
	}
	fields(&w, ev);
	jw_obj_end(&w);
	buf_append_byte(&o->b, '\n');
	fwrite(o->b.data, 1, o->b.len, o->f);
	if (!(o->flags & OUT_JSON_CALLER_FLUSHES))
		fflush(o->f);
	if (o->b.cap > 65536)
		buf_free(&o->b);
}
