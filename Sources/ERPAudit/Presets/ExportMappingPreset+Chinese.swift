// The presets for the Chinese ERPs. Their sources and traps are in each preset's comment,
// which `faktura audit --mappings --mapping NAME` prints with the preset.
//
// How sure each header is, in the comments: "file" = seen in a real export file or in code that
// reads such a file by header name; "API" = the vendor's API field label (the export column may
// be worded differently); "guess" = not seen in any public source.

extension ExportMappingPreset {
    /// Statuses written in Chinese by the ERPs and by Ozon's Chinese seller centre for Ozon
    /// postings. Only values whose Ozon meaning is clear are mapped; any other value (风控中,
    /// 同步中, 不显示, 平台发货, 已退款, 已搁置, ...) is reported as STATUS_UNKNOWN on its posting, never guessed.
    static let chineseStatuses = """
        statuses:
          # Ozon's Chinese seller centre (file)
          待备货: awaiting_packaging
          等待发运: awaiting_deliver
          运输中: delivering
          已签收: delivered
          已取消: cancelled
          已被取消: cancelled
          # 马帮 order states (API: 2 配货中, 3 已发货, 4 已完成, 5 已作废; an export file: 待处理,
          # 配货中, 已发货, 已作废)
          配货中: awaiting_packaging
          已发货: delivering
          已完成: delivered
          已作废: cancelled
          # 通途 order states (API)
          未付款: awaiting_payment
          已付款: awaiting_packaging
          等待配货: awaiting_packaging
          等待打印: awaiting_packaging
          等待发货: awaiting_deliver
          # 领星 order states (API): 3 未付款/待付款, 4 待审核, 5 待发货, 6 已发货, 7 已取消/不发货
          待付款: awaiting_payment
          待审核: awaiting_approve
          待发货: awaiting_deliver
          已取消/不发货: cancelled
          # 店小秘 order states (its order page's menu, 2026: 待审核, 待处理, 运单号申请, 发货中, 已交运;
          # 已退款 and 已搁置 have no Ozon meaning and stay unknown)
          运单号申请: awaiting_packaging
          发货中: awaiting_deliver
          # common wording of the ERPs' order lists (guess)
          待处理: awaiting_packaging
          待打包: awaiting_packaging
          待包装: awaiting_packaging
          待交运: awaiting_deliver
          已交运: delivering
          配送中: delivering
          已送达: delivered
          仲裁中: arbitration
        """

    /// The invoice columns no ERP's standard export has (see docs/erp-exports.md).
    static let invoiceColumns = """
          # Not in the ERP's standard export (no public source shows invoice columns): add them to
          # a custom export template to have the audit check them; without 发票文件 each PDF is
          # looked for as <posting number>.pdf in --attachments.
          发票号: invoice_number
          发票日期: invoice_date
          发票金额: invoice_total
          发票文件: invoice_file
        """

    static let dianxiaomiYAML = """
        # 店小秘 (Dianxiaomi), 订单 → 导出订单 (按产品导出: one row per product).
        # Sources: a real 店小秘 export written by the tool (github.com/tom2meng-ai/dxm-auto,
        # 店小秘导出模版参考.xlsx: 订单号, SKU, 商品SKU, 产品规格, one row per product, 订单号 on every
        # row), and a 67-column order export of the same layout (github.com/dilfish/kd,
        # cusinfo/sql.go: 包裹号, 订单号, 订单状态, 下单时间, 币种缩写, SKU, 产品名称, 产品售价,
        # 产品数量, 海关编码).
        # Traps: 包裹号 is 店小秘's own id, not the posting. 订单号 is the platform's order number:
        # for an Ozon store check that it holds the posting number (0123456789-0001-1), not the
        # order number (0123456789-0001). SKU is the seller's article (offer_id); 商品SKU is
        # 店小秘's warehouse SKU and is not audited. No column holds Ozon's numeric SKU.
        # Quantity: 产品数量 (full export) or 产品总数 (按产品 template); both are listed.
        columns:
          订单号: posting_number
          订单状态: status
          下单时间: order_date
          币种缩写: currency
          SKU: offer_id
          产品名称: product_name
          产品数量: quantity
          产品总数: quantity
          产品售价: unit_price
          海关编码: hs_code
        \(invoiceColumns)
        \(chineseStatuses)
        """

    static let mabangYAML = """
        # 马帮 (Mabang ERP), 订单 → 导出 (the order-details workbook, sheet 订单明细).
        # Sources: a real 58-column 马帮 order export and the code that reads it by header name
        # (file; github.com/chenzebin600-sudo/commerce-ops, scripts/growth-radar-parser.py and
        # integrations/mabang-getdata/mabang_order_sync_fast.py: 订单编号, 交易编号, 订单状态,
        # SKU, 平台SKU, 商品数量, 商品中文名称, 订单商品名称, 商品销售单价, 原始商品销售单价, 付款时间;
        # states 待处理, 配货中, 已发货, 已作废), and a reader of 马帮's profit export
        # (github.com/panfalin/flaskProject: 订单编号, 交易编号, 商品数量).
        # Traps: 订单编号 is 马帮's own number (a shop prefix, the platform's id and a split suffix);
        # the platform's id is 交易编号. For an Ozon store check that 交易编号 holds the posting
        # number (0123456789-0001-1), not the order number (0123456789-0001): an order-shaped value
        # is named by POSTING_NUMBER_FORMAT. SKU is 马帮's stock SKU and is not audited; 平台SKU is
        # the seller's article (offer_id). Prices come twice: 原始商品销售单价 in the store's
        # currency (taken) and 商品销售单价 in yuan (not audited). The export has no currency
        # column (only 汇率（原始货币）) and no HS code column: add them to your export template.
        columns:
          交易编号: posting_number
          订单编号: ignore
          订单状态: status
          付款时间: order_date
          币种: currency
          SKU: ignore
          平台SKU: offer_id
          订单商品名称: product_name
          商品数量: quantity
          原始商品销售单价: unit_price
        \(invoiceColumns)
        \(chineseStatuses)
        """

    static let tongtoolYAML = """
        # 通途 (Tongtool), 订单管理 → 导出订单.
        # Sources: code reading real 通途 order exports by header name (file;
        # github.com/keyapi/fzh-data, tongtool_order_cost/.../history_last_leg_analysis.py and
        # fedex_track/ops_report.py: 订单号, 包裹号, 平台SKU, 通途SKU, 产品名称, 发货数量, 售价,
        # 收款币种, 付款日期; github.com/Z-Mengchu/data-visual-manage, TEMUOrderDetails.java), and
        # 通途's API order fields (API; github.com/hiscaler/tongtool, erp2/order.go: 平台订单号 =
        # salesRecordNumber, states 等待配货 / 等待打印 / 等待发货 / 已发货 / 未付款 / 已付款).
        # Traps: the export's 订单号 is the store account's prefix followed by the platform's id
        # (CUS-112-9957834-2887428), and 包裹号 通途's package id (P81678873): neither is a posting
        # number as Ozon writes it, so only 平台订单号 is taken as the posting (an export without
        # it stops the audit naming its headers: add it to the template, or map 订单号 in a mapping
        # file once its prefix is removed). 平台SKU is the seller's article (offer_id); 通途SKU is
        # 通途's own and is not audited. 售价 is taken as the unit price and 售价 (人民币) is its yuan
        # twin (not audited); whether 售价 is a unit price or a line total is not in any public
        # source: compare with your file.
        columns:
          平台订单号: posting_number
          订单状态: status
          付款日期: order_date
          收款币种: currency
          平台SKU: offer_id
          产品名称: product_name
          发货数量: quantity
          售价: unit_price
        \(invoiceColumns)
        \(chineseStatuses)
        """

    static let lingxingYAML = """
        # 领星 (Lingxing ERP), 多平台订单 → 导出.
        # Sources: code reading a 领星 multi-platform order export (file, repository not
        # identified: 系统单号, 订购时间, 平台单号, 订单币种, SKU, MSKU, 商品标题, 单价, 数量; other
        # scripts: 状态), and the states of 领星's order API (/pb/mp/order/v2/list, API).
        # Traps: 系统单号 is 领星's own id; the posting is 平台单号. MSKU is the seller's listing
        # SKU (offer_id); SKU and 品名 are 领星's local product records and are not audited.
        # The default workbook merges an order's own cells over the rows of its lines; the audit
        # fills each merged region down its rows (so 不合并单元格导出 is not needed).
        columns:
          平台单号: posting_number
          状态: status
          订单状态: status
          订购时间: order_date
          订单币种: currency
          MSKU: offer_id
          SKU: ignore
          商品标题: product_name
          数量: quantity
          单价: unit_price
        \(invoiceColumns)
        \(chineseStatuses)
        """
}
