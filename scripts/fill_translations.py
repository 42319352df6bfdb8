"""Fills Dutch translations into the nl catalog from a JSON dict {msgid: Dutch}: `python scripts/fill_translations.py nl.json`."""
import sys, json
from babel.messages.pofile import read_po, write_po
NL = json.load(open(sys.argv[1]))
path = "app/translations/nl/LC_MESSAGES/messages.po"
with open(path, "rb") as f:
    catalog = read_po(f, locale="nl")
missing = []
for message in catalog:
    if not message.id:
        continue
    key = message.id if isinstance(message.id, str) else message.id[0]
    if key in NL:
        message.string = NL[key]
        message.flags.discard("fuzzy")
    elif not message.string:
        missing.append(key)
with open(path, "wb") as f:
    write_po(f, catalog, width=100)
print("missing:", json.dumps(missing, indent=1, ensure_ascii=False))
