<?php
// Writes a UPD with another generator: UpdXmlWriter of the public Bitrix24 application
// Zilola5404/ooofix-xmlupd-cloud (commit b849f63d714ff9ea3559f7a65f8beecf03fd6dbf), run as it is
// on invented data (the parties of Faktura's test samples). See README.md beside this file.
//
//   git -C <mirror> archive b849f63 src | tar -x -C /tmp/ooofix
//   php make-ooofix-sample.php /tmp/ooofix/src OUT_FOLDER
declare(strict_types=1);

[$self, $src, $out] = $argv;
spl_autoload_register(function (string $class) use ($src): void {
    $prefix = 'Ooofix\\XmlupdCloud\\';
    if (str_starts_with($class, $prefix)) {
        require $src . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    }
});

// The application's settings as it ships them (App/DefaultOptions: format 5.03, windows-1251 files).
\Ooofix\XmlupdCloud\Core\Config::setInstance(new class implements \Ooofix\XmlupdCloud\Core\Contract\ConfigInterface {
    public function dadataApiKey(): string { return ''; }
    public function sellerRequisiteId(): int { return 0; }
    public function signatoryUserId(): int { return 0; }
    public function signatoryMode(): string { return 'fixed'; }
    public function signatoryPosition(): string { return 'Генеральный директор'; }
    public function smartInvoiceTypeId(): int { return 0; }
    public function publishTimeline(): bool { return false; }
    public function xsdPath(): string { return ''; }
    public function updFunction(): string { return 'СЧФДОП'; }
    public function fileEncoding(): string { return 'windows-1251'; }
    public function mappingPath(): string { return ''; }
    public function crmAdapter(): string { return 'rest'; }
    public function cloudRestWebhook(): string { return ''; }
    public function xmlFormatVersion(): string { return '5.03'; }
    public function xsdSchemaRevision(): string { return 'auto'; }
    public function calculationMode(): string { return 'auto'; }
});

$m = [
    'doc_number' => '2026-1187', 'doc_date' => '20.11.2026', 'doc_function' => 'СЧФДОП',
    'seller_name' => 'ООО «Торговый дом Восток»', 'seller_inn' => '7728168971', 'seller_kpp' => '772801001',
    'seller_address' => '119034, г. Москва, ул. Пречистенка, д. 10, стр. 1',
    'buyer_name' => 'ООО «Пример»', 'buyer_inn' => '7707083893', 'buyer_kpp' => '773601001',
    'buyer_address' => '117997, г. Москва, ул. Вавилова, д. 19',
    'signatory_last_name' => 'Иванов', 'signatory_first_name' => 'Иван', 'signatory_middle_name' => 'Иванович',
    'signatory_position' => 'Генеральный директор',
    'transfer_basis_name' => 'Договор', 'transfer_basis_number' => 'ДП-77/2026', 'transfer_basis_date' => '15.01.2026',
    'products' => [
        ['LINE' => 1, 'NAME' => 'Чайник электрический 1,7 л', 'MEASURE_CODE' => '796', 'MEASURE' => 'шт', 'QUANTITY' => 4,
         'PRICE' => 1990.50, 'SUM_NET' => 7962.00, 'TAX_RATE' => 22, 'TAX_SUM' => 1751.64, 'SUM_GROSS' => 9713.64],
        ['LINE' => 2, 'NAME' => 'Книга «Чайная церемония»', 'MEASURE_CODE' => '796', 'MEASURE' => 'шт', 'QUANTITY' => 1,
         'PRICE' => 750.00, 'SUM_NET' => 750.00, 'TAX_RATE' => 10, 'TAX_SUM' => 75.00, 'SUM_GROSS' => 825.00],
    ],
    'totals' => ['SUM_NET' => 8712.00, 'TAX_SUM' => 1826.64, 'SUM_GROSS' => 10538.64],
];
// As the application's pipeline does (UpdBuilder, GenerateService): build, pretty-print, store as windows-1251.
$write = function (array $m, string $label) use ($out): void {
    $utf8 = \Ooofix\XmlupdCloud\Core\Xml\XmlFormatter::prettyPrint((new \Ooofix\XmlupdCloud\Core\Documents\Upd\UpdXmlWriter())->build($m));
    $xml = \Ooofix\XmlupdCloud\Core\XmlEncoder::forStorage($utf8);
    preg_match('/ИдФайл="([^"]+)"/u', $utf8, $id);
    @mkdir($out . '/' . $label);
    file_put_contents($out . '/' . $label . '/' . $id[1] . '.xml', $xml);
    echo $label, '/', $id[1], ".xml\n";
};

// Addresses as one line of text (what a CRM often holds): the application writes АдрРФ with the
// region code it can guess and nothing else.
$write($m, 'free-text-address');

// Addresses in parts, as the application's mapper gives them from Bitrix24 requisites.
$parts = [
    'seller' => ['index' => '119034', 'region_code' => '77', 'region' => 'г. Москва', 'city' => 'Москва',
                 'street' => 'ул. Пречистенка', 'house' => '10', 'building' => 'стр. 1'],
    'buyer' => ['index' => '117997', 'region_code' => '77', 'region' => 'г. Москва', 'city' => 'Москва',
                'street' => 'ул. Вавилова', 'house' => '19'],
];
foreach ($parts as $role => $fields) {
    foreach ($fields as $key => $value) { $m[$role . '_addr_' . $key] = $value; }
}
$write($m, 'address-in-parts');
