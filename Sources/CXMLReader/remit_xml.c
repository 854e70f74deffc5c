#include "remit_xml.h"
#include "remit_xml_guard.h"
#include "remit_xml_head.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlversion.h>

/* ---- one-time library set-up: parser init and a deny-all external entity loader ---- */

static xmlParserInputPtr remit_deny_entity_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

static pthread_once_t remit_xml_once = PTHREAD_ONCE_INIT;
static void remit_xml_init(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(remit_deny_entity_loader);
}

void remit_xml_library_init(void) {
    pthread_once(&remit_xml_once, remit_xml_init);
}

/* ---- the prolog guard ---- */

int remit_prolog_guard_scan(remit_prolog_guard *g, const char *buf, long len) {
    for (long i = 0; i < len && g->state != PROLOG_DONE; i++) {
        char c = buf[i];
        if (c == '\n') g->lines_read++;
        switch (g->state) {
        case PROLOG_SCAN:
            if (c == '<') g->state = PROLOG_LT;
            break;
        case PROLOG_LT:
            if (c == '?') { g->state = PROLOG_PI; g->question = 0; }
            else if (c == '!') { g->state = PROLOG_BANG; g->bang_len = 0; }
            else g->state = PROLOG_DONE; /* the root element starts */
            break;
        case PROLOG_BANG:
            g->bang[g->bang_len++] = c;
            if (g->bang_len == 2) {
                if (g->bang[0] == '-' && g->bang[1] == '-') { g->state = PROLOG_COMMENT; g->dashes = 0; }
                else return g->lines_read + 1;
            }
            break;
        case PROLOG_PI:
            if (c == '>' && g->question) g->state = PROLOG_SCAN;
            g->question = (c == '?');
            break;
        case PROLOG_COMMENT:
            if (c == '>' && g->dashes >= 2) g->state = PROLOG_SCAN;
            g->dashes = (c == '-') ? g->dashes + 1 : 0;
            break;
        case PROLOG_DONE:
            break;
        }
    }
    return 0;
}

/* ---- shared by both readers ---- */

void remit_sax_handler(xmlSAXHandler *sax, remit_sax_callbacks c) {
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = c.start;
    sax->endElementNs = c.end;
    sax->characters = c.text;
    sax->ignorableWhitespace = c.text;
    sax->cdataBlock = c.text;
    sax->comment = c.comment;
    sax->processingInstruction = c.pi;
    sax->internalSubset = c.doctype;
    sax->externalSubset = c.doctype;
    sax->serror = c.error;
}

size_t remit_resolve_references(const char *value, const char *end, char *out) {
    size_t n = 0;
    const char *p = value;
    while (p < end) {
        const char *semi = *p == '&' ? memchr(p, ';', (size_t)(end - p)) : NULL;
        if (semi == NULL) { out[n++] = *p++; continue; }
        if (p[1] == '#') {
            unsigned long code = (p[2] == 'x') ? strtoul(p + 3, NULL, 16) : strtoul(p + 2, NULL, 10);
            if (code < 0x80) { out[n++] = (char)code; }
            else if (code < 0x800) { out[n++] = (char)(0xC0 | (code >> 6)); out[n++] = (char)(0x80 | (code & 0x3F)); }
            else if (code < 0x10000) { out[n++] = (char)(0xE0 | (code >> 12)); out[n++] = (char)(0x80 | ((code >> 6) & 0x3F)); out[n++] = (char)(0x80 | (code & 0x3F)); }
            else { out[n++] = (char)(0xF0 | (code >> 18)); out[n++] = (char)(0x80 | ((code >> 12) & 0x3F)); out[n++] = (char)(0x80 | ((code >> 6) & 0x3F)); out[n++] = (char)(0x80 | (code & 0x3F)); }
        } else {
            size_t name = (size_t)(semi - p - 1);
            if (name == 3 && strncmp(p + 1, "amp", 3) == 0) out[n++] = '&';
            else if (name == 2 && strncmp(p + 1, "lt", 2) == 0) out[n++] = '<';
            else if (name == 2 && strncmp(p + 1, "gt", 2) == 0) out[n++] = '>';
            else if (name == 4 && strncmp(p + 1, "quot", 4) == 0) out[n++] = '"';
            else if (name == 4 && strncmp(p + 1, "apos", 4) == 0) out[n++] = '\'';
            else { memcpy(out + n, p, (size_t)(semi + 1 - p)); n += (size_t)(semi + 1 - p); }
        }
        p = semi + 1;
    }
    return n;
}

int remit_first_non_blank(const unsigned char *text, int length, int line, int line_is_after, int *found) {
    int i = 0;
    while (i < length && remit_xml_is_blank(text[i])) i++;
    int feeds = 0;
    if (line_is_after) {
        for (int k = i; k < length; k++) feeds -= text[k] == '\n';
    } else {
        for (int k = 0; k < i; k++) feeds += text[k] == '\n';
    }
    *found = line + feeds > 1 ? line + feeds : 1;
    return i;
}

/* ---- the reader ----

   libxml2's push parser through SAX2, turned into a pull API: each call hands out the next
   event from a queue, and feeds the parser another chunk of the file when the queue is
   empty. (xmlTextReader was used before; its tree keeps a node's line in 16 bits, so that
   everything past line 65,535 was reported at line 65,535.) Events are what the reader's
   tree gave: an element start with its attributes, its end (after the start, for an empty
   element), and a text node: adjacent text and CDATA, ended by a tag, a comment or a
   processing instruction, handed out only when it is more than white space, at the line of
   its first byte that is not.

   The file is read 64 kB at a time and handed to the parser 4 kB at a time: the events of
   one slice are held at once, and an element in another namespace is named `{uri}local`
   (a namespace name is up to a kilobyte), so a slice of `<x:b/>` must stay small. The last
   namespace and qualified name are reused while their events are held. */

enum { READ_CHUNK = 64 * 1024, PUSH_SLICE = 4 * 1024 };

typedef struct xml_event {
    int type;
    int depth;          /* the root is 0 */
    int line;
    size_t name;        /* offsets into the event arena */
    size_t ns;
    int first_attribute;
    int attribute_count;
    size_t text;
    long text_length;
} xml_event;

struct remit_xml_reader {
    xmlParserCtxtPtr ctxt;
    int fd;
    remit_xml_limits limits;
    int finished;                /* the whole file was pushed */
    /* events parsed and not yet handed out, their strings in one arena */
    xml_event *events;
    int event_count;
    int event_capacity;
    int next_event;
    char *arena;
    size_t arena_length;
    size_t arena_capacity;
    size_t *attributes;          /* [name, value] offset pairs */
    int attribute_count;
    int attribute_capacity;
    /* the text node being read */
    char *text;
    size_t text_length;
    size_t text_capacity;
    int text_line;               /* of the text's first byte that is not white space; 0 before it */
    int in_text;
    int cdata_after_cr;          /* a CDATA piece ended in a CR (a LF starting the next is its pair) */
    /* open elements: depth of the innermost (the root is 0; -1 before it), and each one's line */
    int depth;
    int *lines;
    int event_line;              /* libxml2's line after the last event: where a start tag begins (see `on_start`) */
    char *home;                  /* the root element's namespace URI ("" for none) */
    /* the current event */
    const xml_event *current;
    /* the first error */
    int failed;
    char error[512];
    int error_line;
    int error_column;
    /* the prolog guard: refuses any DOCTYPE before libxml2 sees it */
    remit_prolog_guard guard;
    char *chunk;                 /* read from the file; `chunk_position` of `chunk_length` pushed */
    size_t chunk_length;
    size_t chunk_position;
    /* the last namespace and qualified name put in the arena, by libxml2's interned pointers */
    const xmlChar *cached_uri;
    size_t cached_uri_offset;
    const xmlChar *cached_local;
    const xmlChar *cached_name_uri;
    size_t cached_name_offset;
};

static void set_error(remit_xml_reader *r, const char *message, int line, int column) {
    if (r->failed) return;
    r->failed = 1;
    snprintf(r->error, sizeof r->error, "%s", message);
    /* libxml2 messages end with a newline */
    size_t n = strlen(r->error);
    while (n > 0 && (r->error[n - 1] == '\n' || r->error[n - 1] == ' ')) r->error[--n] = 0;
    r->error_line = line;
    r->error_column = column;
}

static int current_line(const remit_xml_reader *r) {
    return (r->ctxt && r->ctxt->input) ? r->ctxt->input->line : 0;
}

static void fail(remit_xml_reader *r, const char *message) {
    set_error(r, message, current_line(r), 0);
    if (r->ctxt) xmlStopParser(r->ctxt);
}

static void on_error(void *ctx, xmlErrorPtr err) {
    remit_xml_reader *r = ctx;
    if (err == NULL || err->level < XML_ERR_ERROR) return;
    /* libxml2 2.9's push parser, told the file has ended while elements are still open, may
       say "Extra content at the end of the document": the opposite of what happened. Said as
       its other path (and the flow records' reader) says it. */
    if (r->finished && err->code == XML_ERR_DOCUMENT_END && r->depth >= 0 && r->lines) {
        const char *name = (r->ctxt && r->ctxt->name) ? (const char *)r->ctxt->name : "?";
        char msg[256];
        snprintf(msg, sizeof msg, "Premature end of data in tag %.128s line %d", name, r->lines[r->depth]);
        set_error(r, msg, err->line, err->int2);
        return;
    }
    set_error(r, err->message ? err->message : "XML error", err->line, err->int2);
}

static int append(remit_xml_reader *r, const char *bytes, size_t length, size_t *offset) {
    if (r->arena_length + length + 1 > r->arena_capacity) {
        size_t capacity = r->arena_capacity ? r->arena_capacity : 64 * 1024;
        while (capacity < r->arena_length + length + 1) capacity *= 2;
        char *grown = realloc(r->arena, capacity);
        if (grown == NULL) return -1;
        r->arena = grown;
        r->arena_capacity = capacity;
    }
    *offset = r->arena_length;
    memcpy(r->arena + r->arena_length, bytes, length);
    r->arena_length += length;
    r->arena[r->arena_length++] = 0;
    return 0;
}

/* `{uri}local` into the arena. */
static int append_qualified(remit_xml_reader *r, const char *uri, const char *local, size_t *offset) {
    size_t uri_length = strlen(uri), local_length = strlen(local);
    size_t length = uri_length + local_length + 2;
    char stack[512];
    char *name = length < sizeof stack ? stack : malloc(length + 1);
    if (name == NULL) return -1;
    name[0] = '{';
    memcpy(name + 1, uri, uri_length);
    name[uri_length + 1] = '}';
    memcpy(name + uri_length + 2, local, local_length);
    int status = append(r, name, length, offset);
    if (name != stack) free(name);
    return status;
}

static xml_event *new_event(remit_xml_reader *r, int type) {
    if (r->event_count == r->event_capacity) {
        int capacity = r->event_capacity ? r->event_capacity * 2 : 256;
        xml_event *grown = realloc(r->events, sizeof(xml_event) * (size_t)capacity);
        if (grown == NULL) return NULL;
        r->events = grown;
        r->event_capacity = capacity;
    }
    xml_event *e = &r->events[r->event_count++];
    memset(e, 0, sizeof *e);
    e->type = type;
    return e;
}

static int is_blank_text(const char *text, size_t length) {
    for (size_t i = 0; i < length; i++) {
        if (!remit_xml_is_blank((unsigned char)text[i])) return 0;
    }
    return 1;
}

/* Ends the text node being read: one of more than white space becomes an event. */
static void end_text(remit_xml_reader *r) {
    r->cdata_after_cr = 0;
    if (!r->in_text || r->failed) return;
    r->in_text = 0;
    if (is_blank_text(r->text, r->text_length)) { r->text_length = 0; return; }
    xml_event *e = new_event(r, REMIT_XML_TEXT);
    if (e == NULL || append(r, r->text, r->text_length, &e->text) != 0) { fail(r, "out of memory"); return; }
    e->text_length = (long)r->text_length;
    e->depth = r->depth + 1;
    e->line = r->text_line;
    r->text_length = 0;
}

/* A piece of a text node; see `remit_first_non_blank` for `line_is_after`. */
static void add_text(remit_xml_reader *r, const xmlChar *text, int length, int line_is_after) {
    if (!r->in_text) {
        r->in_text = 1;
        r->text_line = 0;
        r->text_length = 0;
    }
    if (r->text_line == 0) {
        int line;
        if (remit_first_non_blank(text, length, current_line(r), line_is_after, &line) < length) r->text_line = line;
    }
    if ((long)(r->text_length + (size_t)length) > r->limits.max_text_bytes) { fail(r, "text node exceeds the size limit"); return; }
    if (r->text_length + (size_t)length > r->text_capacity) {
        size_t capacity = r->text_capacity ? r->text_capacity : 4096;
        while (capacity < r->text_length + (size_t)length) capacity *= 2;
        char *grown = realloc(r->text, capacity);
        if (grown == NULL) { fail(r, "out of memory"); return; }
        r->text = grown;
        r->text_capacity = capacity;
    }
    memcpy(r->text + r->text_length, text, (size_t)length);
    r->text_length += (size_t)length;
}

static void on_text(void *ctx, const xmlChar *text, int length) {
    remit_xml_reader *r = ctx;
    r->event_line = current_line(r);
    if (r->failed) return;
    r->cdata_after_cr = 0;
    add_text(r, text, length, 1);
}

/* In push mode libxml2 hands a CDATA section's content over as it stands in the file, a
   piece at a time, before it steps past each: its line ends are made line feeds here (CR LF
   and a lone CR, XML 1.0 section 2.11), as the parser makes them in other text, and its
   line is counted forward. */
static void on_cdata(void *ctx, const xmlChar *text, int length) {
    remit_xml_reader *r = ctx;
    int feeds = 0;
    for (int k = 0; k < length; k++) feeds += text[k] == '\n';
    r->event_line = current_line(r) + feeds;   /* the piece is still ahead of libxml2's count */
    if (r->failed) return;
    if (r->in_text == 0 || r->text_line == 0) {
        int line;
        if (remit_first_non_blank(text, length, current_line(r), 0, &line) < length) {
            if (!r->in_text) { r->in_text = 1; r->text_length = 0; }
            r->text_line = line;
        }
    }
    xmlChar stack[512];
    xmlChar *normalized = (size_t)length <= sizeof stack ? stack : malloc((size_t)length);
    if (normalized == NULL) { fail(r, "out of memory"); return; }
    int n = 0;
    for (int k = 0; k < length; k++) {
        if (text[k] == '\n' && r->cdata_after_cr) { r->cdata_after_cr = 0; continue; }
        r->cdata_after_cr = text[k] == '\r';
        normalized[n++] = text[k] == '\r' ? '\n' : text[k];
    }
    add_text(r, normalized, n, 1);
    if (normalized != stack) free(normalized);
}

static void on_comment(void *ctx, const xmlChar *value) {
    (void)value;
    remit_xml_reader *r = ctx;
    r->event_line = current_line(r);
    end_text(r);
}

/* A processing instruction is layout, as a comment is. */
static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data) {
    (void)target; (void)data;
    on_comment(ctx, NULL);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id) {
    (void)name; (void)external_id; (void)system_id;
    fail(ctx, REMIT_DOCTYPE_REFUSED);
}

/* An event's name (see remit_xml.h: its local name for the root and for elements in no
   namespace or the root's, `{uri}local` for any other) and namespace into the arena; the
   last namespace and qualified name are reused (see above). */
static int name_event(remit_xml_reader *r, xml_event *e, const xmlChar *localname, const xmlChar *uri) {
    const char *ns = uri ? (const char *)uri : "";
    const char *local = (const char *)localname;
    if (!r->cached_uri || uri != r->cached_uri) {
        if (append(r, ns, strlen(ns), &r->cached_uri_offset) != 0) return -1;
        r->cached_uri = uri;
    }
    e->ns = r->cached_uri_offset;
    if (e->depth == 0 || ns[0] == 0 || strcmp(ns, r->home ? r->home : "") == 0) return append(r, local, strlen(local), &e->name);
    if (!r->cached_local || localname != r->cached_local || uri != r->cached_name_uri) {
        if (append_qualified(r, ns, local, &r->cached_name_offset) != 0) return -1;
        r->cached_local = localname;
        r->cached_name_uri = uri;
    }
    e->name = r->cached_name_offset;
    return 0;
}

/* An attribute value as the tree has it (see `remit_resolve_references`). */
static int append_attribute_value(remit_xml_reader *r, const char *value, const char *end, size_t *offset) {
    size_t length = (size_t)(end - value);
    if (memchr(value, '&', length) == NULL) return append(r, value, length, offset);
    char *out = malloc(length + 1);
    if (out == NULL) return -1;
    int status = append(r, out, remit_resolve_references(value, end, out), offset);
    free(out);
    return status;
}

static int add_attribute(remit_xml_reader *r, size_t name, size_t value) {
    if (r->attribute_count == r->attribute_capacity) {
        int capacity = r->attribute_capacity ? r->attribute_capacity * 2 : 64;
        size_t *grown = realloc(r->attributes, sizeof(size_t) * 2 * (size_t)capacity);
        if (grown == NULL) return -1;
        r->attributes = grown;
        r->attribute_capacity = capacity;
    }
    r->attributes[2 * r->attribute_count] = name;
    r->attributes[2 * r->attribute_count + 1] = value;
    r->attribute_count++;
    return 0;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri, int nb_namespaces,
                     const xmlChar **namespaces, int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
    (void)prefix; (void)nb_defaulted;
    remit_xml_reader *r = ctx;
    /* libxml2 reports an element once its start tag is parsed, at the line where the tag
       ends; a tag written over several lines would be placed at its last one. Inside the root
       every byte before a tag belongs to an event (text, white space included, CDATA,
       comments, processing instructions, tags), so the tag begins (its `<`) at the line where
       the last event ended. The root can follow the prolog's white space, which no event
       reports: it keeps libxml2's line. The records reader does the same (`tag_line`). */
    int line = r->depth < 0 ? current_line(r) : r->event_line;
    r->event_line = current_line(r);
    if (r->failed) return;
    end_text(r);
    int depth = r->depth + 1;
    if (depth >= r->limits.max_depth) { fail(r, "elements nested deeper than the limit"); return; }
    if (nb_attributes > r->limits.max_attributes) { fail(r, "too many attributes on one element"); return; }
    for (int i = 0; i < nb_namespaces; i++) {
        const xmlChar *declared = namespaces[i * 2 + 1];
        if (declared != NULL && strlen((const char *)declared) > REMIT_MAX_NAMESPACE_BYTES) { fail(r, REMIT_NAMESPACE_TOO_LONG); return; }
    }
    const char *ns = uri ? (const char *)uri : "";
    if (depth == 0) {
        free(r->home);
        r->home = strdup(ns);
        if (r->home == NULL) { fail(r, "out of memory"); return; }
    }
    r->depth = depth;
    r->lines[depth] = line;
    xml_event *e = new_event(r, REMIT_XML_START);
    if (e == NULL) { fail(r, "out of memory"); return; }
    e->depth = depth;
    e->line = r->lines[depth];
    e->first_attribute = r->attribute_count;
    if (name_event(r, e, localname, uri) != 0) {
        fail(r, "out of memory");
        return;
    }
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **a = attributes + i * 5;
        if ((long)(a[4] - a[3]) > r->limits.max_text_bytes) { fail(r, "attribute value exceeds the size limit"); return; }
        /* An attribute in a namespace (`ext:customer`) is not the document's own `customer`. */
        size_t name, value;
        int named = (a[2] != NULL && a[2][0] != 0) ? append_qualified(r, (const char *)a[2], (const char *)a[0], &name)
                                                   : append(r, (const char *)a[0], strlen((const char *)a[0]), &name);
        if (named != 0 || append_attribute_value(r, (const char *)a[3], (const char *)a[4], &value) != 0
            || add_attribute(r, name, value) != 0) {
            fail(r, "out of memory");
            return;
        }
    }
    e->attribute_count = r->attribute_count - e->first_attribute;
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri) {
    (void)prefix;
    remit_xml_reader *r = ctx;
    r->event_line = current_line(r);
    if (r->failed) return;
    end_text(r);
    xml_event *e = new_event(r, REMIT_XML_END);
    if (e == NULL) { fail(r, "out of memory"); return; }
    e->depth = r->depth;
    e->line = r->lines[r->depth];
    if (name_event(r, e, localname, uri) != 0) {
        fail(r, "out of memory");
        return;
    }
    r->depth--;
}

remit_xml_reader *remit_xml_open_file(const char *path, remit_xml_limits limits) {
    remit_xml_library_init();
    remit_xml_reader *r = calloc(1, sizeof *r);
    if (r == NULL) return NULL;
    r->limits = limits;
    r->depth = -1;
    r->lines = calloc((size_t)(limits.max_depth > 0 ? limits.max_depth : 1) + 1, sizeof(int));
    r->chunk = malloc(READ_CHUNK);
    if (r->lines == NULL || r->chunk == NULL) {
        free(r->lines);
        free(r->chunk);
        free(r);
        return NULL;
    }
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot open: %s", strerror(errno));
        set_error(r, msg, 0, 0);
        return r;
    }
    /* Only ASCII-compatible encodings: the prolog guard reads bytes (see remit_xml_head.h). */
    unsigned char head[4096];
    ssize_t got = pread(r->fd, head, sizeof head, 0);
    char refused[300];
    int refused_line = 0, refused_column = 0;
    if (got < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
        set_error(r, msg, 0, 0);
        return r;
    }
    if (got > 0 && remit_xml_check_head(head, (long)got, refused, sizeof refused, &refused_line, &refused_column) != 0) {
        set_error(r, refused, refused_line, refused_column);
        return r;
    }
    xmlSAXHandler sax;
    remit_sax_handler(&sax, (remit_sax_callbacks){ on_start, on_end, on_text, on_comment, on_pi, on_doctype, on_error });
    r->ctxt = xmlCreatePushParserCtxt(&sax, r, NULL, 0, path);
    if (r->ctxt == NULL) {
        set_error(r, "libxml2 could not create a parser", 0, 0);
        return r;
    }
    xmlCtxtUseOptions(r->ctxt, REMIT_XML_PARSE_OPTIONS);
    /* After the options: XML_PARSE_NOCDATA takes the CDATA handler away, so that a CDATA
       section's content goes to `characters`, which cannot tell it from other text. */
    r->ctxt->sax->cdataBlock = on_cdata;
    return r;
}

void remit_xml_close(remit_xml_reader *r) {
    if (r == NULL) return;
    if (r->ctxt) xmlFreeParserCtxt(r->ctxt);
    if (r->fd >= 0) close(r->fd);
    free(r->events);
    free(r->arena);
    free(r->attributes);
    free(r->text);
    free(r->lines);
    free(r->home);
    free(r->chunk);
    free(r);
}

/* Feeds the parser the next slice of the file, or tells it the file has ended. */
static void push(remit_xml_reader *r) {
    if (r->chunk_position == r->chunk_length) {
        ssize_t n;
        do { n = read(r->fd, r->chunk, READ_CHUNK); } while (n < 0 && errno == EINTR);
        if (n < 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "read failed: %s", strerror(errno));
            set_error(r, msg, 0, 0);
            return;
        }
        if (n > 0 && r->guard.state != PROLOG_DONE) {
            int line = remit_prolog_guard_scan(&r->guard, r->chunk, n);
            if (line > 0) { set_error(r, REMIT_DOCTYPE_REFUSED, line, 0); return; }
        }
        r->chunk_length = (size_t)n;
        r->chunk_position = 0;
        if (n == 0) {
            r->finished = 1;
            xmlParseChunk(r->ctxt, NULL, 0, 1);
            end_text(r);
            if (!r->failed && !r->ctxt->wellFormed) set_error(r, "malformed XML", current_line(r), 0);
            return;
        }
    }
    size_t slice = r->chunk_length - r->chunk_position;
    if (slice > PUSH_SLICE) slice = PUSH_SLICE;
    xmlParseChunk(r->ctxt, r->chunk + r->chunk_position, (int)slice, 0);
    r->chunk_position += slice;
    if (!r->failed && !r->ctxt->wellFormed) set_error(r, "malformed XML", current_line(r), 0);
}

/* Events parsed before an error are handed out before it, in document order, as the
   reader's were: a catalog's first mistake is the one named. */
int remit_xml_next(remit_xml_reader *r) {
    for (;;) {
        if (r->next_event < r->event_count) {
            r->current = &r->events[r->next_event++];
            return r->current->type;
        }
        r->current = NULL;
        if (r->failed) return REMIT_XML_ERROR;
        r->next_event = r->event_count = 0;
        r->arena_length = 0;
        r->attribute_count = 0;
        r->cached_uri = NULL;
        r->cached_local = NULL;
        if (r->finished) return REMIT_XML_EOF;
        push(r);
    }
}

const char *remit_xml_name(const remit_xml_reader *r) {
    return (r->current && r->current->type != REMIT_XML_TEXT) ? r->arena + r->current->name : "";
}
const char *remit_xml_namespace(const remit_xml_reader *r) {
    return (r->current && r->current->type != REMIT_XML_TEXT) ? r->arena + r->current->ns : "";
}
int remit_xml_depth(const remit_xml_reader *r) { return r->current ? r->current->depth : 0; }
int remit_xml_attribute_count(const remit_xml_reader *r) {
    return (r->current && r->current->type == REMIT_XML_START) ? r->current->attribute_count : 0;
}
const char *remit_xml_attribute_name(const remit_xml_reader *r, int i) {
    if (i < 0 || i >= remit_xml_attribute_count(r)) return "";
    return r->arena + r->attributes[2 * (r->current->first_attribute + i)];
}
const char *remit_xml_attribute_value(const remit_xml_reader *r, int i) {
    if (i < 0 || i >= remit_xml_attribute_count(r)) return "";
    return r->arena + r->attributes[2 * (r->current->first_attribute + i) + 1];
}
const char *remit_xml_text(const remit_xml_reader *r) {
    return (r->current && r->current->type == REMIT_XML_TEXT) ? r->arena + r->current->text : "";
}
long remit_xml_text_length(const remit_xml_reader *r) {
    return (r->current && r->current->type == REMIT_XML_TEXT) ? r->current->text_length : 0;
}
int remit_xml_line(const remit_xml_reader *r) { return r->current ? r->current->line : 0; }
int remit_xml_column(const remit_xml_reader *r) { (void)r; return 0; }
const char *remit_xml_error_message(const remit_xml_reader *r) { return r->error; }
int remit_xml_error_line(const remit_xml_reader *r) { return r->error_line; }
int remit_xml_error_column(const remit_xml_reader *r) { return r->error_column; }
const char *remit_xml_library_version(void) { return LIBXML_DOTTED_VERSION; }
