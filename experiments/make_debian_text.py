#!/usr/bin/env python3
"""The Debian text set: a real sparse classification problem built from this machine's
package index, with the shape of RCV1 (bag of words, TF-IDF, rows scaled to unit
length, Zipf-distributed word frequencies).

One row per package of `apt-cache dumpavail` (in its order, so the file is the same on
machines with the same package lists): the words of its long description (from the
Translation-en index, present after `apt-get update -o Acquire::Languages=en`; the
short description when there is none), lower-cased, 2+ characters starting with a
letter. Features are the words seen in at least two packages, numbered from 1 by
falling document frequency; a value is (1 + ln tf) · ln(N / df), and each row is
scaled to unit L2 norm. Label +1 for library packages (sections libs, libdevel,
oldlibs), −1 for the rest. Packages left with no feature are dropped.

usage: python3 experiments/make_debian_text.py OUT.libsvm
"""
import collections
import glob
import math
import re
import subprocess
import sys

LIBRARY_SECTIONS = {"libs", "libdevel", "oldlibs"}
WORD = re.compile(r"[a-z][a-z0-9+]+")


def long_descriptions():
    """Package name → long description text, from every main Translation-en index."""
    found = {}
    for path in sorted(glob.glob("/var/lib/apt/lists/*_main_i18n_Translation-en*")):
        text = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", path],
                              capture_output=True, text=True, check=True).stdout
        for stanza in text.split("\n\n"):
            name = re.search(r"^Package: (\S+)", stanza, re.M)
            parts = stanza.split("Description-en:", 1)
            if name and len(parts) == 2:
                found[name.group(1)] = parts[1]
    return found


def packages():
    """(name, section, short description lines) for every stanza apt knows, in order."""
    text = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    for stanza in text.split("\n\n"):
        fields, description, key = {}, [], None
        for line in stanza.splitlines():
            if line.startswith(" ") and key == "Description":
                description.append(line)
            elif ":" in line:
                key, value = line.split(":", 1)
                fields[key] = value.strip()
                if key == "Description":
                    description.append(value)
        if "Package" in fields and "Section" in fields:
            yield fields["Package"], fields["Section"].split("/")[-1], " ".join(description)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    descriptions = long_descriptions()
    if not descriptions:
        sys.exit("no Translation-en index under /var/lib/apt/lists (run: apt-get update -o Acquire::Languages=en)")
    documents = []
    for name, section, short in packages():
        words = WORD.findall(descriptions.get(name, short).lower())
        if words:
            documents.append((1 if section in LIBRARY_SECTIONS else -1, collections.Counter(words)))
    frequency = collections.Counter(word for _, counts in documents for word in counts)
    ranked = sorted(frequency.items(), key=lambda item: -item[1])  # stable: ties keep first-seen order
    feature = {word: i + 1 for i, (word, df) in enumerate(ranked) if df >= 2}
    total = len(documents)
    rows = positives = 0
    with open(sys.argv[1], "w") as out:
        for label, counts in documents:
            values = {feature[w]: (1 + math.log(tf)) * math.log(total / frequency[w])
                      for w, tf in counts.items() if w in feature}
            if not values:
                continue
            norm = math.sqrt(sum(v * v for v in values.values()))
            pairs = " ".join(f"{j}:{v / norm:.6g}" for j, v in sorted(values.items()))
            out.write(f"{'+1' if label > 0 else '-1'} {pairs}\n")
            rows += 1
            positives += label > 0
    print(f"{sys.argv[1]}: {rows} rows ({positives} libraries), {len(feature)} features, from {total} packages")


if __name__ == "__main__":
    main()
