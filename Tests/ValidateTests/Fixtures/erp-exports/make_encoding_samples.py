#!/usr/bin/env python3
"""Writes encoding-samples.json: small CSV exports in every encoding the audit detects, written
by Python's codecs (CPython's own GB18030, UTF-16, KOI8-R and cp1251 tables), for the test that
detection tells each one's encoding from its bytes alone. Each sample is Chinese-only, Russian-only
or mixed (Chinese headers and statuses, Russian product names, as Chinese ERPs write for Ozon),
with names in lower case, capitalised or in capitals, 1 to 30 rows.

Run: python3 make_encoding_samples.py   (standard library only; seeded, so the output is fixed)
"""
import base64
import json
import random

RU = ("механическая клавиатура беспроводная мышь кабель зарядное устройство зелёный чай чехол для "
      "телефона наушники блютуз стеклянная ваза набор кухонных ножей детская игрушка светодиодная "
      "лампа рюкзак школьный сумка женская кожаная часы наручные мужские").split()
ZH = ("订单号 订单状态 下单时间 产品名称 产品数量 产品售价 海关编码 机械键盘 无线鼠标 数据线 绿茶 手机壳 "
      "耳机 玻璃花瓶 厨房刀具套装 儿童玩具 台灯 书包 女士皮包 男士手表 待发货 已取消 待打包").split()
RU_HEADER = "Номер отправления,Название товара,Количество,Цена"
# What each script is written in: Russian exports by 1C and Excel (Windows-1251, KOI8-R, UTF-8),
# Chinese ones by Windows tools (GB18030) or as "Unicode text" (UTF-16 without a mark here).
ENCODINGS = {
    "ru": ["cp1251", "koi8-r", "utf-8", "gb18030", "utf-16-le", "utf-16-be"],
    "zh": ["gb18030", "utf-8", "utf-16-le", "utf-16-be"],
    "mixed": ["gb18030", "utf-8", "utf-16-le", "utf-16-be"],
}
NAMES = {"cp1251": "windows-1251", "koi8-r": "koi8-r", "utf-8": "utf-8", "gb18030": "gb18030",
         "utf-16-le": "utf-16le", "utf-16-be": "utf-16be"}


def name(rng):
    words = " ".join(rng.sample(RU, rng.randint(1, 3)))
    casing = rng.random()
    return words.upper() if casing < 0.15 else words.capitalize() if casing < 0.5 else words


def row(rng, kind):
    posting = "01000%05d-0001-1" % rng.randint(0, 99999)
    if kind == "ru":
        return "%s,%s,%d,%d.00" % (posting, name(rng), rng.randint(1, 9), rng.randint(100, 9999))
    if kind == "zh":
        return "%s,%s,%s,%d" % (posting, rng.choice(ZH), rng.choice(ZH), rng.randint(1, 9))
    return "%s,%s,%s,%d,%d.50" % (posting, rng.choice(ZH), name(rng), rng.randint(1, 9), rng.randint(100, 9999))


def main():
    rng = random.Random(22)
    samples = []
    for kind in ("ru", "zh", "mixed"):
        for n in range(5):
            header = RU_HEADER if kind == "ru" else ",".join(rng.sample(ZH, 4))
            rows = [row(rng, kind) for _ in range(rng.choice([1, 3, 10, 30]))]
            text = header + "\r\n" + "\r\n".join(rows) + "\r\n"
            for codec in ENCODINGS[kind]:
                samples.append({"name": "%s-%d.%s" % (kind, n, codec), "encoding": NAMES[codec], "text": text,
                                "bytes": base64.b64encode(text.encode(codec)).decode()})
    with open("encoding-samples.json", "w", encoding="utf-8") as f:
        json.dump(samples, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
