#!/usr/bin/env python3
"""The Debian package descriptions as plain text, a real corpus for the character
models: every long description of the main archive's Translation-en index (present
after `apt-get update -o Acquire::Languages=en`), duplicates (same Description-md5)
dropped, every k-th package kept so the text is about MAX_BYTES long and still spans
the whole alphabet of package names. Paragraph marks (" .") become blank lines.

usage: python3 experiments/make_debian_corpus.py OUT.txt [MAX_BYTES]   (default 4000000)
"""
import glob, subprocess, sys

out, limit = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 4_000_000
seen, documents, current, md5 = set(), [], None, None
for path in sorted(glob.glob("/var/lib/apt/lists/*_main_i18n_Translation-en*")):
    text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path], capture_output=True, text=True, check=True).stdout
    for line in text.split("\n"):
        if line.startswith("Package:"):
            if current and md5 not in seen:
                seen.add(md5); documents.append("\n".join(current))
            current, md5 = None, None
        elif line.startswith("Description-md5:"):
            md5 = line.split(":", 1)[1].strip()
        elif line.startswith("Description-en:"):
            current = [line.split(":", 1)[1].strip()]
        elif current is not None and line.startswith(" "):
            current.append("" if line.strip() == "." else line[1:])
    if current and md5 not in seen:
        seen.add(md5); documents.append("\n".join(current))
if not documents:
    sys.exit("no Translation-en index under /var/lib/apt/lists (run: apt-get update -o Acquire::Languages=en)")
total = sum(len(d) + 2 for d in documents)
step = max(1, -(-total // limit))
kept = documents[::step]
with open(out, "w", encoding="utf-8") as f:
    f.write("\n\n".join(kept) + "\n")
print(f"{out}: {len(kept)} of {len(documents)} distinct descriptions (every {step}th), "
      f"{sum(len(d.encode()) + 2 for d in kept)} bytes")
