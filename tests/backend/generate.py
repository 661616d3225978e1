"""Procedural Zendesk data for --generate N: ticket i (1..N) and its comments
are computed from i on demand, so a million tickets take no memory until one
is changed (the ticket store then keeps its own copy). A small pool of
end-users and organizations is generated once and stored.

Everything is a pure function of (i, N): the same N gives the same data on
every run. Times are anchored to a fixed instant in the past, not to the
clock, so benchmark runs compare like with like.
"""

import calendar

from common import splitmix64

# The generated history ends here; tickets are spread over the three years
# before it (closer together as N grows, at most 600 s apart).
GEN_END = calendar.timegm((2025, 1, 1, 0, 0, 0, 0, 0, 0))
GEN_SPAN = 3 * 365 * 86400

GEN_USER_BASE = 500000      # generated end-user ids: GEN_USER_BASE + j
GEN_USERS = 400
GEN_ORG_BASE = 90000        # generated organization ids: GEN_ORG_BASE + j
GEN_ORGS = 40
COMMENTS_PER_TICKET_MAX = 4
COMMENT_ID_STRIDE = 8       # generated comment ids: 2 * (i * STRIDE + k)

LANGS = ("pt", "ja", "pl", "en")
LOCALES = {"pt": "pt-BR", "ja": "ja", "pl": "pl", "en": "en-US"}
ZONES = {"pt": "America/Sao_Paulo", "ja": "Asia/Tokyo", "pl": "Europe/Warsaw",
         "en": "America/New_York"}

FIRST = {
    "pt": ["João", "Maria", "Ana", "Luís", "Conceição", "Gonçalo", "Inês", "Sebastião"],
    "ja": ["花子", "一郎", "美咲", "翔太", "さくら", "健太", "陽菜", "大輔"],
    "pl": ["Łukasz", "Zofia", "Małgorzata", "Paweł", "Żaneta", "Grzegorz", "Agnieszka", "Bożena"],
    "en": ["Emily", "James", "Olivia", "Noah", "Grace", "Samuel", "Chloe", "Henry"],
}
LAST = {
    "pt": ["Silva", "Gonçalves", "Araújo", "Magalhães", "Conceição", "Simões", "Brandão"],
    "ja": ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本"],
    "pl": ["Wójcik", "Kowalczyk", "Zieliński", "Szymańska", "Woźniak", "Dąbrowski", "Kałuża"],
    "en": ["Clark", "Turner", "Walker", "Hughes", "Bennett", "Foster", "Price"],
}
ORG_WORDS = ["Atlântico", "Kōbō", "Wisła", "Northwind", "Maré Alta", "Sakura Foods",
             "Żuraw", "Harbor", "Tejo Digital", "Ōsaka Trading", "Mazury Tech", "Bluebird"]
BILLING = ["good_standing", "good_standing", "good_standing", "dunning",
           "suspended", "trial"]

# (subject, first message, follow-up) per language; real sentences, with the
# diacritics and double-width text the UI has to line up.
TEXTS = {
    "pt": [
        ("Pagamento recusado, mas o valor foi debitado",
         "Olá, tentei pagar a fatura ontem e o cartão foi debitado, mas a conta continua como pendente. Podem verificar?",
         "Já se passaram dois dias e a situação não mudou. Preciso da confirmação ainda hoje."),
        ("Cobrança em duplicidade no pedido",
         "Fui cobrado duas vezes pelo mesmo pedido. Gostaria do estorno da segunda cobrança, por favor.",
         "Segue o comprovante do banco com as duas transações."),
        ("Não consigo acessar minha conta",
         "Desde a atualização de ontem não consigo entrar no aplicativo. A senha está correta.",
         "Tentei redefinir a senha, mas o e-mail não chega."),
    ],
    "ja": [
        ("請求書の金額が注文と一致しません",
         "今月の請求書の金額が注文と一致しません。確認していただけますか？",
         "経理部から至急の確認を求められています。よろしくお願いいたします。"),
        ("支払いが二重に引き落とされました",
         "同じ注文で二回引き落とされています。二回目の分の返金をお願いします。",
         "銀行の明細を添付します。ご確認ください。"),
        ("ログインできません",
         "昨日のアップデート以降、アプリにログインできません。パスワードは正しいです。",
         "パスワードの再設定メールも届きません。"),
    ],
    "pl": [
        ("Płatność nie została zaksięgowana",
         "Dzień dobry, zapłaciłem za zamówienie przelewem, ale w panelu nadal widzę status „nieopłacone”. Proszę o sprawdzenie.",
         "Minęły już trzy dni robocze. Czy mogę prosić o informację, co się dzieje?"),
        ("Błędna kwota na fakturze",
         "Faktura opiewa na 15,46 zł, a zapłaciłam 15,45 zł zgodnie z koszykiem. Skąd ta różnica?",
         "Księgowa prosi o korektę faktury do końca tygodnia."),
        ("Nie mogę się zalogować",
         "Od wczoraj aplikacja odrzuca moje hasło, chociaż jest poprawne. Co mam zrobić?",
         "Wyczyściłem pamięć podręczną przeglądarki, nadal to samo."),
    ],
    "en": [
        ("Payment failed banner, but my card was charged",
         "Your app says my payment failed, but my bank shows the charge went through. Is my account at risk?",
         "The banner is still there this morning. Please confirm my account is fine."),
        ("Export to CSV times out",
         "Exporting last month's orders to CSV spins for a minute and then fails with a timeout.",
         "It works for a single week, so it looks size related."),
        ("Invoice shows the wrong VAT number",
         "Our invoices still show the old VAT number. Can you update it and reissue March?",
         "Attached is the registration certificate with the new number."),
    ],
}
AGENT_REPLY = {
    "pt": "Obrigado pelo contato! Estamos verificando com a equipe de pagamentos e retornamos em breve.",
    "ja": "お問い合わせありがとうございます。担当チームに確認のうえ、改めてご連絡いたします。",
    "pl": "Dziękujemy za zgłoszenie. Sprawdzamy to z zespołem płatności i wrócimy z odpowiedzią.",
    "en": "Thanks for reaching out. We're checking this with the payments team and will get back to you shortly.",
}
INTERNAL_NOTE = "Checked the payment provider dashboard: amount matches the order, waiting for the booking job."
TAGS = ["billing", "payments", "login", "invoice", "refund", "vip", "mobile", "export"]
STATUSES = ["new"] * 2 + ["open"] * 7 + ["pending"] * 3 + ["hold"] * 1 + ["solved"] * 5 + ["closed"] * 2
PRIORITIES = ["low", "normal", "normal", "normal", "high", "urgent", None]
TYPES = ["question", "incident", "problem", "task", None]


def _html(text):
    from html import escape
    return '<div class="zd-comment" dir="auto"><p>%s</p></div>' % escape(text)


class Generator:
    """Tickets 1..n as a function of their id. agents and groups are ids of
    the scenario's staff; users and orgs come from gen_users()/gen_orgs()."""

    def __init__(self, n, agent_ids, group_ids, recipient="support@acme.test"):
        self.n = n
        self.agent_ids = list(agent_ids) or [None]
        self.group_ids = list(group_ids) or [None]
        self.recipient = recipient
        self.step = max(1, min(600, GEN_SPAN // max(1, n)))

    # -- the user and organization pool -------------------------------

    @staticmethod
    def gen_orgs():
        out = []
        for j in range(GEN_ORGS):
            h = splitmix64(0x0A0A + j)
            word = ORG_WORDS[j % len(ORG_WORDS)]
            name = "%s %d" % (word, j + 1)
            out.append({
                "id": GEN_ORG_BASE + j, "name": name, "external_id": "GEN-ORG-%04d" % j,
                "group_id": None, "domain_names": ["org%d.example" % j],
                "details": "", "notes": "", "shared_tickets": False, "shared_comments": False,
                "tags": ["generated"],
                "organization_fields": {"billing_status": BILLING[h % len(BILLING)],
                                        "plan": ["starter", "growth", "enterprise"][(h >> 8) % 3]},
                "created_at": GEN_END - GEN_SPAN - 86400, "updated_at": GEN_END - GEN_SPAN,
            })
        return out

    @staticmethod
    def gen_users():
        out = []
        for j in range(GEN_USERS):
            lang = LANGS[j % len(LANGS)]
            h = splitmix64(0x05E5 + j)
            first = FIRST[lang][h % len(FIRST[lang])]
            last = LAST[lang][(h >> 8) % len(LAST[lang])]
            name = "%s %s" % (last, first) if lang == "ja" else "%s %s" % (first, last)
            out.append({
                "id": GEN_USER_BASE + j, "name": name,
                "email": "customer%d@org%d.example" % (j, j % GEN_ORGS),
                "role": "end-user", "role_type": None,
                "organization_id": GEN_ORG_BASE + j % GEN_ORGS, "default_group_id": None,
                "active": True, "suspended": False, "verified": True,
                "time_zone": ZONES[lang], "iana_time_zone": ZONES[lang],
                "locale": LOCALES[lang], "tags": [], "user_fields": {},
                "created_at": GEN_END - GEN_SPAN - 86400, "updated_at": GEN_END - GEN_SPAN,
            })
        return out

    # -- tickets ---------------------------------------------------------

    def ts(self, i):
        """updated_at == generated_timestamp of untouched ticket i."""
        return GEN_END - (self.n - i) * self.step

    def _facts(self, i):
        h = splitmix64(i)
        j = h % GEN_USERS
        lang = LANGS[j % len(LANGS)]
        text = TEXTS[lang][(h >> 12) % len(TEXTS[lang])]
        status = STATUSES[(h >> 20) % len(STATUSES)]
        ncomments = 1 + (h >> 28) % COMMENTS_PER_TICKET_MAX
        updated = self.ts(i)
        created = updated - (h >> 32) % (14 * 86400) - 60 * ncomments
        assignee = None if status == "new" else self.agent_ids[(h >> 36) % len(self.agent_ids)]
        return h, j, lang, text, status, ncomments, created, updated, assignee

    def ticket(self, i):
        h, j, lang, text, status, nc, created, updated, assignee = self._facts(i)
        tags = sorted({TAGS[(h >> 40) % len(TAGS)], TAGS[(h >> 44) % len(TAGS)], "lang_" + lang})
        requester = GEN_USER_BASE + j
        return {
            "id": i, "external_id": None,
            "via": {"channel": "email", "source": {"from": {"address": "customer%d@org%d.example" % (j, j % GEN_ORGS)},
                                                   "to": {"address": self.recipient}, "rel": None}},
            "created_at": created, "updated_at": updated, "generated_timestamp": updated,
            "type": TYPES[(h >> 48) % len(TYPES)],
            "subject": text[0], "raw_subject": text[0], "description": text[1],
            "priority": PRIORITIES[(h >> 52) % len(PRIORITIES)], "status": status,
            "recipient": self.recipient, "requester_id": requester, "submitter_id": requester,
            "assignee_id": assignee, "organization_id": GEN_ORG_BASE + j % GEN_ORGS,
            "group_id": self.group_ids[(h >> 56) % len(self.group_ids)],
            "collaborator_ids": [], "follower_ids": [], "email_cc_ids": [],
            "forum_topic_id": None, "problem_id": None, "has_incidents": False,
            "is_public": True, "due_at": None, "tags": tags, "custom_fields": [],
            "satisfaction_rating": None, "sharing_agreement_ids": [], "fields": [],
            "followup_ids": [], "ticket_form_id": None, "brand_id": None,
            "allow_channelback": False, "allow_attachments": True,
            "from_messaging_channel": False,
        }

    def comment_count(self, i):
        return self._facts(i)[5]

    def comments(self, i):
        h, j, lang, text, status, nc, created, updated, assignee = self._facts(i)
        requester = GEN_USER_BASE + j
        agent = assignee or self.agent_ids[0]
        out = []
        for k in range(nc):
            at = created + (updated - created) * k // max(1, nc - 1) if nc > 1 else created
            if k == 0:
                author, body, public = requester, text[1], True
            elif k == 1:
                author, body, public = agent, AGENT_REPLY[lang], True
            elif k == 2:
                author, body, public = agent, INTERNAL_NOTE, False
            else:
                author, body, public = requester, text[2], True
            cid = 2 * (i * COMMENT_ID_STRIDE + k)
            out.append({
                "id": cid, "type": "Comment", "author_id": author, "body": body,
                "html_body": _html(body), "plain_body": body, "public": public,
                "created_at": at, "attachments": [], "audit_id": cid + 1,
                "via": {"channel": "email" if author == requester else "web",
                        "source": {"from": {}, "to": {}, "rel": None}},
                "metadata": {"system": {}, "custom": {}},
            })
        return out

    def first_free_event_id(self):
        return 2 * ((self.n + 1) * COMMENT_ID_STRIDE) + 2
