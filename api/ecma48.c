/*
 * A strict UTF-8 decoder and an ECMA-48 (ISO 6429) parser for backend
 * text: see ecma48.h.
 */
#include "api/ecma48.h"

#define CP_BEL		0x07u
#define CP_CAN		0x18u
#define CP_SUB		0x1Au
#define CP_ESC		0x1Bu
#define CP_DEL		0x7Fu
#define CP_C1_DCS	0x90u
#define CP_C1_SOS	0x98u
#define CP_C1_CSI	0x9Bu
#define CP_C1_ST	0x9Cu
#define CP_C1_OSC	0x9Du
#define CP_C1_PM	0x9Eu
#define CP_C1_APC	0x9Fu

size_t
ecma48_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t v, min;
	size_t n, k;

	*cp = ECMA48_BAD_CP;
	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		v = p[0] & 0x1Fu;
		min = 0x80;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		v = p[0] & 0x0Fu;
		min = 0x800;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		v = p[0] & 0x07u;
		min = 0x10000;
	} else
		return 1;	/* a continuation byte, C0, C1, F5..FF */
	if (n > len)
		return 1;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 1;
		v = v << 6 | (p[k] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 1;
	*cp = v;
	return n;
}

/* A code point in plain text. */
static enum ecma48_class
ecma48_text(enum ecma48_state *st, uint32_t cp)
{
	switch (cp) {
	case CP_ESC:
		*st = ECMA48_ESC;
		return ECMA48_SEQUENCE;
	case CP_C1_CSI:
		*st = ECMA48_CSI;
		return ECMA48_SEQUENCE;
	case CP_C1_OSC:
	case CP_C1_DCS:
	case CP_C1_SOS:
	case CP_C1_PM:
	case CP_C1_APC:
		*st = ECMA48_STRING;
		return ECMA48_SEQUENCE;
	}
	if (cp < 0x20 || (cp >= CP_DEL && cp < 0xA0))
		return ECMA48_CONTROL;
	return ECMA48_PRINT;
}

enum ecma48_class
ecma48_step(enum ecma48_state *st, uint32_t cp)
{
	switch (*st) {
	case ECMA48_TEXT:
		return ecma48_text(st, cp);
	case ECMA48_STRING_ESC:
		if (cp == '\\') {
			*st = ECMA48_TEXT;	/* ST */
			return ECMA48_SEQUENCE;
		}
		/* ESC ended the string and starts a sequence of its own. */
		*st = ECMA48_ESC;
		return ecma48_step(st, cp);
	case ECMA48_STRING:
		if (cp == CP_BEL || cp == CP_C1_ST || cp == CP_CAN ||
		    cp == CP_SUB)
			*st = ECMA48_TEXT;
		else if (cp == CP_ESC)
			*st = ECMA48_STRING_ESC;
		return ECMA48_SEQUENCE;
	case ECMA48_ESC:
	case ECMA48_ESC_INTER:
	case ECMA48_CSI:
		break;
	}
	/* ESC, its intermediates, CSI: ASCII only. */
	if (cp == CP_ESC) {
		*st = ECMA48_ESC;	/* a new sequence */
		return ECMA48_SEQUENCE;
	}
	if (cp == CP_CAN || cp == CP_SUB) {
		*st = ECMA48_TEXT;	/* cancelled */
		return ECMA48_SEQUENCE;
	}
	if (cp < 0x20)
		return ECMA48_CONTROL;	/* acted on, the sequence goes on */
	if (cp == CP_DEL)
		return ECMA48_SEQUENCE;	/* ignored within a sequence */
	if (cp > CP_DEL) {
		*st = ECMA48_TEXT;	/* not ECMA-48: the sequence broke */
		return ecma48_text(st, cp);
	}
	if (*st == ECMA48_CSI) {
		/* Parameters and intermediates 0x20-0x3F, then a final. */
		if (cp >= 0x40)
			*st = ECMA48_TEXT;
		return ECMA48_SEQUENCE;
	}
	if (cp < 0x30) {
		*st = ECMA48_ESC_INTER;
		return ECMA48_SEQUENCE;
	}
	if (*st == ECMA48_ESC_INTER) {
		*st = ECMA48_TEXT;	/* the final byte of ESC ( B */
		return ECMA48_SEQUENCE;
	}
	switch (cp) {
	case '[':
		*st = ECMA48_CSI;
		break;
	case ']':
	case 'P':
	case 'X':
	case '^':
	case '_':
		*st = ECMA48_STRING;
		break;
	default:
		*st = ECMA48_TEXT;	/* ESC 7, ESC c, ESC M... */
		break;
	}
	return ECMA48_SEQUENCE;
}
