"""The small Czech pages behind the links in the e-mails: confirm a subscription, unsubscribe.

A GET only shows a page with a button; the change itself is a POST, so a mail scanner that opens
every link neither confirms nor cancels anything. The unsubscribe POST is also the RFC 8058
one-click target (``List-Unsubscribe-Post: List-Unsubscribe=One-Click``).
"""

from __future__ import annotations

import html
from urllib.parse import quote

_STYLE = ("body{font-family:Arial,Helvetica,sans-serif;max-width:640px;margin:40px auto;padding:0 16px;"
          "line-height:1.5;color:#1a1a1a}button{font-size:16px;padding:8px 16px;background:#0b5cad;color:#fff;"
          "border:0;border-radius:4px;cursor:pointer}")


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="cs"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{html.escape(title)}</h1>{body}</body></html>\n")


def _form(action: str, token: str, button: str) -> str:
    target = html.escape(f"{action}?token={quote(token)}", quote=True)
    return (f'<form method="post" action="{target}">'
            f'<input type="hidden" name="token" value="{html.escape(token, quote=True)}">'
            f"<button type=\"submit\">{html.escape(button)}</button></form>")


def confirm_form(token: str, email: str, summary: str, rhythm: str) -> str:
    e = html.escape
    return page("Potvrzení odběru výzev",
                f"<p>Adresa <strong>{e(email)}</strong> bude dostávat přehled nových a změněných výzev "
                f"({e(rhythm)}) pro: <strong>{e(summary)}</strong>.</p>"
                + _form("/subscriptions/confirm", token, "Potvrdit odběr"))


def confirmed_page(email: str, summary: str) -> str:
    e = html.escape
    return page("Odběr je potvrzený",
                f"<p>Na adresu <strong>{e(email)}</strong> budeme posílat přehled výzev pro: "
                f"<strong>{e(summary)}</strong>. Každý přehled obsahuje odkaz, kterým odběr zrušíte.</p>")


def unsubscribe_form(token: str, email: str, summary: str) -> str:
    e = html.escape
    return page("Zrušení odběru výzev",
                f"<p>Opravdu už nechcete dostávat přehled výzev pro <strong>{e(summary)}</strong> na adresu "
                f"<strong>{e(email)}</strong>?</p>" + _form("/subscriptions/unsubscribe", token, "Zrušit odběr"))


def unsubscribed_page() -> str:
    return page("Odběr je zrušený", "<p>Další přehledy vám už nepošleme.</p>")


def invalid_link_page() -> str:
    return page("Neplatný odkaz", "<p>Tento odkaz neplatí: odběr už byl možná zrušen, nebo nebyl potvrzen včas. "
                "Nový odběr si můžete objednat v aplikaci na stránce Odběr.</p>")
