#!/usr/bin/env python3
"""Writes a fictional member export as the register delivers it: semicolon CSV, UTF-8 with BOM, Swedish headers.

make-export.py OUT ROWS [--changed PERCENT] [--seed N]
The same seed gives the same members; --changed alters the e-mail of that share of them (every k-th row), which is
what a re-import a month later mostly sees. Postal codes are drawn from Uppsala county, where the demo district's
associations are.
"""
import csv, os, random, sys

def luhn_digit(nine):
    total = 0
    for i, c in enumerate(nine):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)

def main():
    out, rows = sys.argv[1], int(sys.argv[2])
    changed = float(sys.argv[sys.argv.index("--changed") + 1]) if "--changed" in sys.argv else 0.0
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 2026
    here = os.path.dirname(os.path.abspath(__file__))
    postal = os.path.join(here, "..", "src", "Distrikt", "Infrastructure", "Reference", "postal_to_municipality.csv")
    with open(postal, encoding="utf-8") as f:
        codes = [(r["postal_code"], r["locality"], r["municipality_code"]) for r in csv.DictReader(f) if r["municipality_code"].startswith("03")]
    first = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Åsa", "Örjan", "Ängla", "Sofia", "Mohammed", "Fatima", "Björn", "Linnea", "Hassan", "Eva"]
    last = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Öberg", "Åström", "Ek", "Lindqvist", "Yilmaz", "Ali", "Sjöberg", "Holm"]
    streets = ["Storgatan", "Kungsgatan", "Skolgatan", "Fyrisvägen", "Åsgatan", "Ängsvägen", "Björkvägen"]
    rnd = random.Random(seed)
    step = int(round(100 / changed)) if changed > 0 else 0
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        f.write("Medlemsnummer;Förnamn;Efternamn;Personnummer;E-post;Mobil;Adress;Postnummer;Ort;Kommunkod;Inträdesdatum;Betald t.o.m.\r\n")
        for i in range(rows):
            fn, ln = rnd.choice(first), rnd.choice(last)
            y, m, d = rnd.randint(1940, 2006), rnd.randint(1, 12), rnd.randint(1, 28)
            nine = f"{y % 100:02d}{m:02d}{d:02d}{rnd.randint(0, 999):03d}"
            pnr = f"{y}{m:02d}{d:02d}-{nine[6:]}{luhn_digit(nine)}"
            pc, city, kommun = rnd.choice(codes)
            email = f"medlem{i}@exempel.test"
            if step and i % step == 0:
                email = f"ny.medlem{i}@exempel.test"
            phone = f"070-{rnd.randint(100, 999)} {rnd.randint(10, 99)} {rnd.randint(10, 99)}"
            joined = f"{rnd.randint(2000, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            paid = "2026-12-31" if rnd.random() > 0.12 else "2025-12-31"
            f.write(f"{5000000 + i};{fn};{ln};{pnr};{email};{phone};{rnd.choice(streets)} {rnd.randint(1, 80)};{pc[:3]} {pc[3:]};{city};{kommun};{joined};{paid}\r\n")

if __name__ == "__main__":
    main()
