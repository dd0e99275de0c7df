# Re-runs a Distrikt allocation: python3 redraw.py list.csv SEED SEATS [first] [max=N] [gender]
import csv, hashlib, sys
path, seed, seats, *opts = sys.argv[1:]; seats = int(seats)
first, gender = "first" in opts, "gender" in opts
cap = next((int(o[4:]) for o in opts if o.startswith("max=")), None)
rows = list(csv.DictReader(open(path, encoding="utf-8-sig", newline=""), delimiter=";"))
draw = sorted(rows, key=lambda r: (hashlib.sha256(f"{seed}:{int(r['number'])}".encode()).digest(), int(r["number"])))
walk = [r for r in draw if r["first_time"] == "1" or not first] + [r for r in draw if first and r["first_time"] != "1"]
got, waiting = [], []
capped = lambda r: cap and r["association"] and sum(g["association"] == r["association"] for g in got) >= cap
for r in walk:
    if len(got) == seats: break
    if capped(r): continue
    if gender and r["gender"] in ("woman", "man") and sum(g["gender"] == r["gender"] for g in got) >= (seats + 1) // 2: waiting.append(r)
    else: got.append(r)
for r in waiting:
    if len(got) < seats and not capped(r): got.append(r)
text = f"distrikt-allocation/1\nseats={seats}\nfirst_timers_first={int(first)}\nmax_per_association={cap or ''}\ngender_balance={int(gender)}\n" \
    + "number;association;gender;first_time\n" + "".join(f"{int(r['number'])};{r['association'].lower()};{r['gender']};{r['first_time']}\n" for r in sorted(rows, key=lambda r: int(r["number"])))
print("fingerprint:", hashlib.sha256(text.encode()).hexdigest())
print("draw order: ", *(r["number"] for r in draw))
print("allocated:  ", *(r["number"] for r in got))
print("reserve:    ", *(r["number"] for r in walk if r not in got))
