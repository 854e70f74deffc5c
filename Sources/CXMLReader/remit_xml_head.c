#include "remit_xml_head.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const allowed_encodings[] = {
    "UTF-8", "UTF8", "US-ASCII", "ASCII", "ISO-8859-1", "ISO_8859-1", "ISO-LATIN-1", "LATIN1", "LATIN-1",
    "ISO-8859-15", "LATIN-9", "WINDOWS-1252", "CP1252", NULL,
};

static int refuse(char *message, size_t size, int *line, int *column, int at_line, int at_column, const char *text) {
    snprintf(message, size, "%s", text);
    *line = at_line;
    *column = at_column;
    return -1;
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* A byte-order mark or NUL pattern of a wide encoding, named; NULL for none. */
static const char *wide_encoding(const unsigned char *b, long n) {
    if (n >= 4 && b[0] == 0x00 && b[1] == 0x00 && b[2] == 0xFE && b[3] == 0xFF) return "UTF-32BE";
    if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0x00 && b[3] == 0x00) return "UTF-32LE";
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) return "UTF-16BE";
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) return "UTF-16LE";
    if (n >= 2 && b[0] == 0x00) return "UTF-16BE or UTF-32BE";
    if (n >= 2 && b[1] == 0x00) return "UTF-16LE or UTF-32LE";
    if (n >= 4 && b[0] == 0x4C && b[1] == 0x6F && b[2] == 0xA7 && b[3] == 0x94) return "EBCDIC";
    return NULL;
}

int remit_xml_check_head(const unsigned char *head, long length, char *message, size_t size, int *line, int *column) {
    const unsigned char *b = head;
    long n = length;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) { b += 3; n -= 3; }
    if (n == 0) return 0;
    const char *wide = wide_encoding(b, n);
    if (wide != NULL || (b[0] != '<' && !is_space(b[0]))) {
        char text[256];
        snprintf(text, sizeof text, "the file is not UTF-8 XML (%s); remit reads XML in UTF-8: convert it (e.g. iconv -t UTF-8)",
                 wide ? wide : "it does not start with '<'");
        return refuse(message, size, line, column, 1, 1, text);
    }
    /* The XML declaration, if any, must stand at the very start. */
    if (n < 6 || memcmp(b, "<?xml", 5) != 0 || !is_space(b[5])) return 0;
    long end = -1;
    for (long i = 5; i + 1 < n; i++) {
        if (b[i] == '?' && b[i + 1] == '>') { end = i; break; }
    }
    if (end < 0) return refuse(message, size, line, column, 1, 1, "the XML declaration is not closed within its first bytes");
    /* encoding="…" (or '…'), as a pseudo-attribute of the declaration. */
    for (long i = 5; i + 8 <= end; i++) {
        if (memcmp(b + i, "encoding", 8) != 0 || !is_space(b[i - 1])) continue;
        long k = i + 8;
        while (k < end && is_space(b[k])) k++;
        if (k >= end || b[k] != '=') continue;
        k++;
        while (k < end && is_space(b[k])) k++;
        if (k >= end || (b[k] != '"' && b[k] != '\'')) continue;
        unsigned char quote = b[k++];
        long start = k;
        while (k < end && b[k] != quote) k++;
        char name[64];
        long len = k - start;
        if (len >= (long)sizeof name) len = (long)sizeof name - 1;
        memcpy(name, b + start, (size_t)len);
        name[len] = 0;
        for (int e = 0; allowed_encodings[e] != NULL; e++) {
            if (strcasecmp(name, allowed_encodings[e]) == 0) return 0;
        }
        char text[256];
        snprintf(text, sizeof text,
                 "the XML declaration names encoding \"%s\"; remit reads XML in UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15 or windows-1252: convert it to UTF-8",
                 name);
        int col = (int)(start + 1 + (b - head));
        return refuse(message, size, line, column, 1, col, text);
    }
    return 0;
}
