"""The passive reply's XML, safe whatever the follower typed.

wechatpy's `StringField` writes a value into `<![CDATA[…]]>` as it is, so a reply that echoes
“火星]]></Content><MsgType>…” would close its own CDATA section and add elements of the
follower's choosing. Here every text field is written as CDATA sections split around `]]>`
(the XML 1.0 idiom: “]]” ends one section, “>” starts the next), characters XML 1.0 does not
allow at all (control characters, lone surrogates) are dropped and line ends are written as a
parser reads them, so the document always parses and says exactly what was meant.
"""

from __future__ import annotations

import re
from typing import Any

from wechatpy.fields import StringField
from wechatpy.replies import TextReply

CDATA_END = "]]>"
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters outside XML 1.0's `Char` production (W3C XML 1.0, section 2.2 “Characters”)."""


def xml_text(value: str) -> str:
    """`value` as an XML parser will read it back: without non-XML characters, and with line
    ends as "\n" (a parser turns "\r\n" and "\r" into "\n", W3C XML 1.0, 2.11)."""
    return NOT_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def cdata(value: str) -> str:
    """`value` as CDATA sections whose content reads back as `xml_text(value)`."""
    clean = xml_text(value)
    return "<![CDATA[" + clean.replace(CDATA_END, "]]]]><![CDATA[>") + "]]>"


class CDataField(StringField):
    """A text element whose value can never end its own CDATA section."""

    def to_xml(self, value: Any) -> str:
        return f"<{self.name}>{cdata(self.converter(value))}</{self.name}>"


class SafeTextReply(TextReply):
    """wechatpy's text reply with every text field written by `CDataField`."""

    source = CDataField("FromUserName")
    target = CDataField("ToUserName")
    content = CDataField("Content")


def text_reply(source: str, target: str, content: str) -> str:
    """The passive text reply from the account `source` to the follower `target`."""
    return str(SafeTextReply(source=source, target=target, content=content).render())
