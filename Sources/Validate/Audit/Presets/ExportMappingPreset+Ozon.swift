// The preset for Ozon's own seller-centre postings report.

extension ExportMappingPreset {
    static let ozonSellerYAML = """
        # Ozon seller centre: Заказы → FBS → Скачать (the postings report, CSV or XLSX).
        # Source: the headers of the report as downloaded from seller.ozon.ru and its statuses as
        # the seller centre shows them (the API's status names are accepted as they are too).
        # UNVERIFIED: no public listing of the report's headers was found (Ozon documents its
        # API, not this file); compare with your file.
        # Traps: "OZON id" / "SKU" is Ozon's numeric SKU; "Артикул" is the seller's offer_id.
        # "Номер заказа" is the order, which may hold several postings ("Номер отправления").
        columns:
          Номер отправления: posting_number
          Номер заказа: order_number
          Статус: status
          Принят в обработку: order_date
          Код валюты отправления: currency
          OZON id: sku
          Артикул: offer_id
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
          Курьер в пути: driver_pickup
          Доставлен: delivered
          Отменён: cancelled
          Отменен: cancelled
          Не принят на сортировочном центре: not_accepted
          Отправлен продавцом: sent_by_seller
        """
}
