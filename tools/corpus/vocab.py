"""The words invoices are printed with: column headings, labels, product names, units.

Data only. Each column heading list mixes the short forms sellers type with the official
forms' long headings (the счёт-фактура and the UPD of Decree 1137, the Chinese VAT invoice
发票), because a reader must understand both."""

# Column keys of the goods table, in the order a "natural" layout prints them.
COLUMNS = ["pos", "ident", "name", "hs", "unit", "qty", "price", "net", "rate", "vat", "amount", "origin"]

HEADINGS = {
    "ru": {
        "pos": ["№", "№ п/п", "N"],
        "sku": ["SKU", "SKU Ozon", "Код Ozon"],
        "article": ["Артикул", "Артикул продавца", "Код товара/ работ, услуг"],
        "name": ["Наименование", "Наименование товара", "Товар",
                 "Наименование товара (описание выполненных работ, оказанных услуг), имущественного права"],
        "hs": ["Код ТН ВЭД", "ТН ВЭД", "Код ТН ВЭД ЕАЭС", "Код вида товара"],
        "unit": ["Ед.", "Ед. изм.", "Единица измерения", "Единица измерения — условное обозначение (национальное)"],
        "qty": ["Кол-во", "Количество", "Количество (объём)", "Кол."],
        "price": ["Цена", "Цена за ед.", "Цена (тариф) за единицу измерения", "Цена с НДС"],
        "net": ["Сумма без НДС", "Стоимость без НДС",
                "Стоимость товаров (работ, услуг), имущественных прав без налога — всего"],
        "rate": ["Ставка НДС", "Ставка", "Налоговая ставка", "НДС, %"],
        "vat": ["Сумма НДС", "НДС", "Сумма налога, предъявляемая покупателю"],
        "amount": ["Сумма с НДС", "Стоимость с НДС", "Всего с НДС", "Сумма",
                   "Стоимость товаров (работ, услуг), имущественных прав с налогом — всего"],
        "origin": ["Страна", "Страна происхождения", "Страна происхождения товара"],
    },
    "en": {
        "pos": ["No.", "#", "Item", "Line"],
        "sku": ["SKU", "Ozon SKU"],
        "article": ["Article", "Item code", "Seller SKU", "Part No."],
        "name": ["Description", "Description of goods", "Product", "Goods", "Item description"],
        "hs": ["HS Code", "HS", "HS code (TN VED)", "Customs code", "Tariff code"],
        "unit": ["Unit", "UoM", "Units"],
        "qty": ["Qty", "Quantity", "Q-ty", "Pcs"],
        "price": ["Unit price", "Price", "Unit Price incl. VAT", "Rate"],
        "net": ["Net amount", "Amount excl. VAT", "Net"],
        "rate": ["VAT rate", "VAT %", "Tax rate"],
        "vat": ["VAT amount", "VAT", "Tax"],
        "amount": ["Amount", "Total", "Line total", "Amount incl. VAT", "Gross amount"],
        "origin": ["Origin", "Country of origin", "COO"],
    },
    "zh": {
        "pos": ["序号", "行号"],
        "sku": ["SKU", "Ozon SKU"],
        "article": ["货号", "规格型号", "商品编号"],
        "name": ["商品名称", "货物或应税劳务名称", "品名", "货物或应税劳务、服务名称"],
        "hs": ["海关编码", "商品编码", "HS编码", "税则号"],
        "unit": ["单位", "计量单位"],
        "qty": ["数量"],
        "price": ["单价", "含税单价"],
        "net": ["金额", "不含税金额"],
        "rate": ["税率", "征收率"],
        "vat": ["税额"],
        "amount": ["价税合计", "含税金额", "小计"],
        "origin": ["原产国", "原产地"],
    },
}

TITLES = {
    "ru": ["Счёт-фактура № {number} от {date}", "СЧЕТ-ФАКТУРА № {number} от {date}",
           "Универсальный передаточный документ № {number} от {date}", "Счёт № {number} от {date}",
           "Товарная накладная № {number} от {date}"],
    "en": ["COMMERCIAL INVOICE No. {number}", "Invoice {number} dated {date}", "INVOICE #{number}",
           "Proforma Invoice {number}", "Tax Invoice No. {number} of {date}"],
    "zh": ["商业发票 {number}", "增值税专用发票 No. {number}", "发票 {number}  开票日期: {date}",
           "出口发票 {number}"],
}

LABELS = {
    "ru": {"seller": ["Продавец", "Поставщик"], "buyer": ["Покупатель", "Грузополучатель"],
           "seller_id": ["ИНН/КПП продавца", "ИНН/КПП", "ИНН"], "buyer_id": ["ИНН/КПП покупателя", "ИНН/КПП"],
           "seller_uscc": ["ИНН продавца (USCC)", "Рег. номер продавца (USCC)"],
           "posting": ["Отправление Ozon", "Номер отправления", "Отправление №"],
           "currency": ["Валюта", "Валюта: наименование, код"], "date": ["Дата"],
           "total": ["Всего к оплате", "Итого", "Итого к оплате", "Всего к оплате (9)"],
           "vat_total": ["В том числе НДС", "Итого НДС", "Сумма НДС"],
           "words": ["Сумма прописью", "Всего наименований {n}, на сумму"]},
    "en": {"seller": ["Seller", "Shipper", "Exporter"], "buyer": ["Buyer", "Consignee", "Bill to"],
           "seller_id": ["Seller INN / KPP", "INN/KPP", "Tax ID (INN)"], "buyer_id": ["Buyer INN / KPP", "INN / KPP"],
           "seller_uscc": ["Seller USCC", "USCC", "Tax ID (USCC)"],
           "posting": ["Ozon posting", "Posting No.", "Shipment (Ozon posting)"],
           "currency": ["Currency"], "date": ["Date"],
           "total": ["Total", "Total due", "Amount due", "Grand total", "Total amount"],
           "vat_total": ["VAT included", "incl. VAT", "Total VAT"],
           "words": ["Amount in words", "Say total"]},
    "zh": {"seller": ["销售方", "卖方", "出口商"], "buyer": ["购买方", "买方"],
           "seller_id": ["纳税人识别号", "税号"], "buyer_id": ["购买方纳税人识别号 INN/KPP", "买方税号 INN/KPP"],
           "seller_uscc": ["统一社会信用代码", "纳税人识别号", "税号"],
           "posting": ["Ozon 货件号", "发货号码", "货件编号"],
           "currency": ["币种"], "date": ["日期", "开票日期"],
           "total": ["价税合计", "合计", "总计", "含税总计"],
           "vat_total": ["税额合计", "其中增值税"],
           "words": ["价税合计(大写)", "大写金额"]},
}

PARTIES = {
    "ru_seller": ["ООО «Северный ветер»", "ООО «Торговый дом Восток»", "ИП Смирнова А. В.", "АО «Радуга-Трейд»",
                  "ООО «Альфа Логистик»"],
    "cn_seller": ["厦门明星贸易有限公司", "深圳市华创电子科技有限公司", "义乌市优品日用品有限公司",
                  "Xiamen Bright Star Trading Co., Ltd.", "Shenzhen Huachuang Electronics Co., Ltd."],
    "buyer": {"ru": "ООО «Интернет Решения»", "en": "Internet Solutions LLC (Ozon)", "zh": "Internet Solutions LLC (Ozon)"},
}

NAMES = {
    "ru": ["Кружка керамическая 350 мл", "Чехол для телефона", "Наушники беспроводные", "Лампа настольная LED",
           "Футболка хлопковая мужская", "Кроссовки беговые", "Рюкзак городской 20 л", "Игрушка мягкая «Медведь»",
           "Кабель USB Type-C 1 м", "Смартфон 6,5\" 128 ГБ", "Контейнер пищевой пластиковый", "Полотенце махровое",
           "Кружка керамическая с крышкой и ложкой, объём 350 мл, цвет белый, в подарочной коробке",
           "Наушники беспроводные TWS с зарядным кейсом, Bluetooth 5.3, шумоподавление",
           "Чехол-книжка для телефона из экокожи с отделением для карт, чёрный",
           "Лампа настольная светодиодная с беспроводной зарядкой и регулировкой яркости"],
    "en": ["Ceramic mug 350 ml", "Phone case", "Wireless earbuds", "LED desk lamp", "Cotton T-shirt men",
           "Running shoes", "City backpack 20 l", "Plush toy bear", "USB Type-C cable 1 m", "Food container",
           "Ceramic mug with lid and spoon, 350 ml, white, in a gift box",
           "TWS wireless earbuds with charging case, Bluetooth 5.3, noise cancelling",
           "Leather flip phone case with card slots, black, for 6.5 inch smartphones"],
    "zh": ["陶瓷杯 350毫升", "手机壳", "无线耳机", "LED台灯", "纯棉男士T恤", "跑步鞋", "城市双肩包 20升", "毛绒玩具熊",
           "USB Type-C 数据线 1米", "塑料保鲜盒", "带盖带勺陶瓷马克杯 350毫升 白色 礼盒装",
           "TWS真无线蓝牙耳机 带充电仓 蓝牙5.3 主动降噪", "皮革翻盖手机壳 带卡槽 黑色"],
}

# Units: printed text by language; the UPD prints the OKEI code beside the name.
UNITS = {"ru": ["шт", "шт.", "796 шт"], "en": ["pcs", "pc", "ea"], "zh": ["个", "件", "只"]}

CURRENCY_MARKS = {"RUB": ["руб.", "₽", "RUB", "р."], "CNY": ["¥", "元", "CNY", "RMB"], "USD": ["USD", "$", "US$"]}

CURRENCY_NAMES = {"ru": {"RUB": "российский рубль, 643", "CNY": "китайский юань, 156", "USD": "доллар США, 840"},
                  "en": {"RUB": "RUB (Russian rouble)", "CNY": "CNY (Chinese yuan)", "USD": "USD (US dollar)"},
                  "zh": {"RUB": "卢布 RUB", "CNY": "人民币 CNY", "USD": "美元 USD"}}

# Bilingual documents pair a language with English (or Chinese with Russian).
BILINGUAL = [("ru", "en"), ("zh", "en"), ("zh", "ru"), ("en", "ru")]
