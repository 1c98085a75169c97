// The presets for Ozon's own seller-centre postings report, in Russian and in Chinese.

extension ExportMappingPreset {
    static let ozonSellerYAML = """
        # Ozon seller centre: Заказы → FBS (or FBO) → Скачать, the postings report (CSV or XLSX);
        # also what /v1/report/postings/create produces.
        # Sources (file): a real report of 2026 (github.com/ruslanLagai/ozon-analytic-collector,
        # src/test/resources/analytic/posting-report.csv: ";"-separated, every field quoted) and
        # code that reads the report by header name (github.com/urevoleg/master-ozon-api,
        # models/raw/raw_report_postings.sql; github.com/petrpopov/ozonware, OzonCsvColumnMapping.kt).
        # Headers that changed between report versions are both listed: SKU / OZON id,
        # Название товара / Наименование товара. Statuses seen in report files: Доставляется,
        # Доставлен, Отменён / Отменен, Ожидает сборки, Ожидает отгрузки; the others are Ozon's own
        # Russian wording of its API statuses in the seller API's documentation (У водителя,
        # Создано, Отправлено продавцом, ...; the API's names are accepted as they are).
        # The report has no HS code, invoice or country column.
        # Traps: SKU / OZON id is Ozon's numeric SKU; Артикул is the seller's offer_id. Номер заказа
        # is the order, which may hold several postings (Номер отправления). Цена товара до скидок is
        # the price before discounts, not the price paid.
        columns:
          Номер отправления: posting_number
          Номер заказа: order_number
          Статус: status
          Принят в обработку: order_date
          Код валюты отправления: currency
          SKU: sku
          OZON id: sku
          Артикул: offer_id
          Название товара: product_name
          Наименование товара: product_name
          Количество: quantity
          Ваша цена: unit_price
        statuses:
          Ожидает регистрации: awaiting_registration
          Идёт приёмка: acceptance_in_progress
          Ожидает подтверждения: awaiting_approve
          Ожидает сборки: awaiting_packaging
          Ожидает отгрузки: awaiting_deliver
          Ожидает оплаты: awaiting_payment
          Арбитраж: arbitration
          Клиентский арбитраж: client_arbitration
          Доставляется: delivering
          У водителя: driver_pickup
          Создано: awaiting_verification
          Доставлен: delivered
          Отменён: cancelled
          Отменен: cancelled
          Не принят на сортировочном центре: not_accepted
          Не принято на сортировочном центре: not_accepted
          Отправлено продавцом: sent_by_seller
        """

    static let ozonSellerChineseYAML = """
        # Ozon seller centre in Chinese (卖家中心, language 中文): the same postings report with
        # Chinese headers.
        # Sources (file): code that imports the Chinese report by header name
        # (github.com/ShuhuangSo/casedance, mercado/tasks.py: 订单号, 发货号码, 正在处理中, 状态,
        # 货件的货币代码, Ozon ID, 货号, 数量; statuses 待备货, 等待发运, 运输中, 已签收, 已取消, formerly
        # 已被取消) and
        # tests of other importers (订单号;发货号码;状态;SKU;数量;已创建; 订单号码).
        # Traps: 订单号 / 订单号码 is the ORDER (Номер заказа), not the posting: the posting is
        # 发货号码. Ozon ID / SKU is Ozon's numeric SKU; 货号 is the seller's article (offer_id).
        columns:
          发货号码: posting_number
          订单号: order_number
          订单号码: order_number
          状态: status
          正在处理中: order_date
          已创建: order_date
          货件的货币代码: currency
          Ozon ID: sku
          SKU: sku
          货号: offer_id
          数量: quantity
        \(chineseStatuses)
        """
}
