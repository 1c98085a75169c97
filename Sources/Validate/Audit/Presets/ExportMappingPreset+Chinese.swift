// The presets for the Chinese ERPs. Their sources and traps are in each preset's comment,
// which `faktura audit --mappings NAME` prints with the preset.

extension ExportMappingPreset {
    /// Statuses written in Chinese by all four ERPs for Ozon postings (the ERPs translate
    /// Ozon's own status names; unmapped values are reported as STATUS_UNKNOWN, never guessed).
    static let chineseStatuses = """
        statuses:
          待付款: awaiting_payment
          未付款: awaiting_payment
          已取消: cancelled
          已作废: cancelled
          取消: cancelled
          待审核: awaiting_approve
          待处理: awaiting_packaging
          待打包: awaiting_packaging
          待包装: awaiting_packaging
          配货中: awaiting_packaging
          待发货: awaiting_deliver
          待交运: awaiting_deliver
          已交运: delivering
          已发货: delivering
          运输中: delivering
          配送中: delivering
          已送达: delivered
          已签收: delivered
          已完成: delivered
          仲裁中: arbitration
        """

    static let dianxiaomiYAML = """
        # 店小秘 (Dianxiaomi), 订单 → 导出订单, Ozon store.
        # Source: the field labels of 店小秘's order list and its custom export template as
        # sellers describe them. UNVERIFIED: public integrators' code and help pages were searched
        # for these headers and none lists them; compare with your file and, if a header differs,
        # copy this preset (faktura audit --mappings --mapping dianxiaomi) into your own mapping file.
        # Traps: 订单号 is 店小秘's own order id, not the posting: the posting number is 平台订单号.
        # SKU is the seller's article (offer_id); Ozon's numeric SKU is 平台SKU / 产品ID.
        columns:
          平台订单号: posting_number
          平台SKU: sku
          SKU: offer_id
          订单状态: status
          下单时间: order_date
          币种: currency
          产品名称: product_name
          数量: quantity
          单价: unit_price
          海关编码: hs_code
          原产国: origin_country
          发票号: invoice_number
          发票日期: invoice_date
          发票金额: invoice_total
          发票文件: invoice_file
        \(chineseStatuses)
        """

    static let mabangYAML = """
        # 马帮 (Mabang ERP), 订单 → 导出.
        # Source: the order fields of 马帮's open API as named by an integrator
        # (github.com/anlaganlag/ERP, mabang/entity/B2bMabangOrders.java: 订单编号 = platformOrderId,
        # ERP系统订单编号 = erpOrderId, 订单状态 2 配货中 / 3 已发货 / 4 已完成 / 5 已作废, 币种);
        # the line-level labels follow 马帮's order export template.
        # Traps: ERP系统订单编号 is 马帮's internal id, not the posting: the posting is 订单编号
        # (the platform's order number). 库存SKU / SKU is the seller's article (offer_id).
        columns:
          订单编号: posting_number
          订单状态: status
          付款时间: order_date
          币种: currency
          平台SKU: sku
          库存SKU: offer_id
          商品名称: product_name
          数量: quantity
          单价: unit_price
          海关编码: hs_code
          原产国: origin_country
          发票号: invoice_number
          发票文件: invoice_file
        \(chineseStatuses)
        """

    static let tongtoolYAML = """
        # 通途 (Tongtool), 订单管理 → 导出订单.
        # Source: the field labels of 通途's order export template as sellers describe them.
        # UNVERIFIED: no public integrator code or help page listing them was found; compare
        # with your file.
        # Traps: 订单号 is 通途's own order id; the posting is 平台订单号. SKU is the seller's
        # article (offer_id); Ozon's numeric SKU is 平台SKU.
        columns:
          平台订单号: posting_number
          订单状态: status
          下单时间: order_date
          币种: currency
          平台SKU: sku
          SKU: offer_id
          商品名称: product_name
          数量: quantity
          单价: unit_price
          海关编码: hs_code
          原产国: origin_country
          发票号: invoice_number
          发票文件: invoice_file
        \(chineseStatuses)
        """

    static let lingxingYAML = """
        # 领星 (Lingxing ERP), 多平台订单 → 导出.
        # Source: the field labels of 领星's multi-platform order export as sellers describe them.
        # UNVERIFIED: no public integrator code or help page listing them was found; compare
        # with your file.
        # Traps: 系统单号 is 领星's own id; the posting is 平台单号. MSKU is the seller's listing
        # SKU (offer_id); 本地SKU / 品名 are 领星's product records and are not audited.
        columns:
          平台单号: posting_number
          订单状态: status
          订购时间: order_date
          币种: currency
          平台SKU: sku
          MSKU: offer_id
          标题: product_name
          数量: quantity
          单价: unit_price
          海关编码: hs_code
          原产国: origin_country
          发票号: invoice_number
          发票文件: invoice_file
        \(chineseStatuses)
        """
}
