/* wirelog: chunked line storage for the wire pane (see wirelog.h for the invariants). */
#include "ui/wirelog.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xmalloc.h"

/* One line's index entry: 20 bytes, whatever the line. */
struct entry {
	uint32_t blk;   /* text block number (absolute, like line numbers) */
	uint32_t off;   /* offset in the block */
	uint32_t t_ms;
	uint16_t len;
	uint8_t kind_dir; /* kind in the low nibble, dir in the high one */
	uint8_t flags;
	uint16_t client; /* listen mode: the remote client (0: our own session; 65535: that or higher) */
};

struct wirelog {
	size_t max_line, max_lines;
	/* Index chunks: chunks[i] holds lines (chunk0 + i) * WIRELOG_CHUNK ... */
	struct entry **chunks;
	size_t nchunks, capchunks;
	size_t chunk0;      /* absolute number of chunks[0] */
	size_t first, end;  /* absolute line numbers kept: [first, end) */
	/* Text blocks: blocks[i] is absolute block blk0 + i; the last one is being filled. */
	uint8_t **blocks;
	size_t nblocks, capblocks;
	size_t blk0;
	size_t fill;        /* bytes used in the last block */
	uint16_t client;    /* given to the lines appended next */
};

struct wirelog *wirelog_new(size_t max_line, size_t max_lines)
{
	struct wirelog *w = xcalloc(1, sizeof *w);
	w->max_line = max_line ? max_line : WIRELOG_MAX_LINE;
	if (w->max_line > 65535)
		w->max_line = 65535;
	w->max_lines = max_lines ? max_lines : WIRELOG_MAX_LINES;
	if (w->max_lines < 2 * WIRELOG_CHUNK)
		w->max_lines = 2 * WIRELOG_CHUNK;
	return w;
}

static void free_storage(struct wirelog *w)
{
	for (size_t i = 0; i < w->nchunks; i++)
		free(w->chunks[i]);
	for (size_t i = 0; i < w->nblocks; i++)
		free(w->blocks[i]);
	free(w->chunks);
	free(w->blocks);
	w->chunks = NULL;
	w->blocks = NULL;
	w->nchunks = w->capchunks = w->nblocks = w->capblocks = 0;
	w->fill = 0;
}

void wirelog_free(struct wirelog *w)
{
	if (w == NULL)
		return;
	free_storage(w);
	free(w);
}

void wirelog_clear(struct wirelog *w)
{
	w->blk0 += w->nblocks; /* block numbers stay absolute too */
	free_storage(w);
	/* Start a fresh chunk at the next chunk boundary so line numbers stay absolute and increasing. */
	size_t next = (w->end + WIRELOG_CHUNK - 1) / WIRELOG_CHUNK;
	w->chunk0 = next;
	w->first = w->end = next * WIRELOG_CHUNK;
}

size_t wirelog_first(const struct wirelog *w)
{
	return w->first;
}

size_t wirelog_end(const struct wirelog *w)
{
	return w->end;
}

static struct entry *entry_at(const struct wirelog *w, size_t n)
{
	if (n < w->first || n >= w->end)
		return NULL;
	size_t c = n / WIRELOG_CHUNK - w->chunk0;
	return &w->chunks[c][n % WIRELOG_CHUNK];
}

/* Drop the oldest index chunk and every text block only it used. */
static void drop_oldest(struct wirelog *w)
{
	free(w->chunks[0]);
	memmove(w->chunks, w->chunks + 1, (w->nchunks - 1) * sizeof *w->chunks);
	w->nchunks--;
	w->chunk0++;
	w->first = w->chunk0 * WIRELOG_CHUNK;
	struct entry *e = entry_at(w, w->first);
	size_t keep_blk = e ? e->blk : w->blk0 + w->nblocks - 1;
	size_t drop = keep_blk - w->blk0;
	if (drop > 0) {
		for (size_t i = 0; i < drop; i++)
			free(w->blocks[i]);
		memmove(w->blocks, w->blocks + drop, (w->nblocks - drop) * sizeof *w->blocks);
		w->nblocks -= drop;
		w->blk0 += drop;
	}
}

static uint8_t *text_room(struct wirelog *w, size_t len, uint32_t *blk, uint32_t *off)
{
	if (w->nblocks == 0 || w->fill + len > WIRELOG_BLOCK) {
		/* Bound the text too: long lines could otherwise fill memory before max_lines is reached. */
		while (w->nchunks > 1 && (w->nblocks + 1) * (size_t)WIRELOG_BLOCK > WIRELOG_MAX_BYTES)
			drop_oldest(w);
		if (w->nblocks == w->capblocks) {
			w->capblocks = w->capblocks ? w->capblocks * 2 : 16;
			w->blocks = xreallocarray(w->blocks, w->capblocks, sizeof *w->blocks);
		}
		w->blocks[w->nblocks++] = xmalloc(WIRELOG_BLOCK);
		w->fill = 0;
	}
	*blk = (uint32_t)(w->blk0 + w->nblocks - 1);
	*off = (uint32_t)w->fill;
	uint8_t *p = w->blocks[w->nblocks - 1] + w->fill;
	w->fill += len;
	return p;
}

size_t wirelog_append(struct wirelog *w, enum wl_kind kind, int dir, unsigned flags, uint32_t t_ms,
                      const uint8_t *text, size_t len)
{
	if (len > w->max_line) {
		len = w->max_line;
		flags |= WL_CUT;
	}
	if (w->end % WIRELOG_CHUNK == 0) {
		if (w->end - w->first >= w->max_lines)
			drop_oldest(w);
		if (w->nchunks == w->capchunks) {
			w->capchunks = w->capchunks ? w->capchunks * 2 : 16;
			w->chunks = xreallocarray(w->chunks, w->capchunks, sizeof *w->chunks);
		}
		if (w->nchunks == 0)
			w->chunk0 = w->end / WIRELOG_CHUNK;
		w->chunks[w->nchunks++] = xmalloc(WIRELOG_CHUNK * sizeof(struct entry));
	}
	struct entry e = {.t_ms = t_ms,
			  .len = (uint16_t)len,
			  .kind_dir = (uint8_t)((kind & 0xf) | ((dir & 0xf) << 4)),
			  .flags = (uint8_t)flags,
			  .client = w->client};
	uint8_t *p = text_room(w, len, &e.blk, &e.off);
	if (len)
		memcpy(p, text, len);
	size_t n = w->end++;
	w->chunks[n / WIRELOG_CHUNK - w->chunk0][n % WIRELOG_CHUNK] = e;
	return n;
}

void wirelog_set_client(struct wirelog *w, unsigned long client)
{
	w->client = client > UINT16_MAX ? UINT16_MAX : (uint16_t)client;
}

void wirelog_add_flags(struct wirelog *w, size_t n, unsigned flags)
{
	struct entry *e = entry_at(w, n);
	if (e)
		e->flags |= (uint8_t)flags;
}

bool wirelog_get(const struct wirelog *w, size_t n, struct wl_line *out)
{
	const struct entry *e = entry_at(w, n);
	if (e == NULL)
		return false;
	out->text = w->blocks[e->blk - w->blk0] + e->off;
	out->len = e->len;
	out->t_ms = e->t_ms;
	out->kind = (enum wl_kind)(e->kind_dir & 0xf);
	out->dir = e->kind_dir >> 4;
	out->flags = e->flags;
	out->client = e->client;
	return true;
}

size_t wirelog_memory(const struct wirelog *w)
{
	return w->nchunks * WIRELOG_CHUNK * sizeof(struct entry) + w->capchunks * sizeof(void *) +
	       w->nblocks * (size_t)WIRELOG_BLOCK + w->capblocks * sizeof(void *) + sizeof *w;
}
