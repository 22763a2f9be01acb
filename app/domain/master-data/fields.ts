/**
 * The columns of each kind of master-data file: the field, its template headers in Chinese and English, the
 * other headers people write for it, whether a file must have it, and how its cells are read.
 * Optional fields may be left out of a file or left empty on a row: the value then stays as it is (or takes
 * the default for a new row) — an import never blanks what it was not told.
 */
import * as cell from './cells';
import type { CellResult } from './cells';
import type { MasterKind } from './types';

export interface FieldDef {
  field: string;
  /** Template header in Chinese (also accepted). */
  zh: string;
  /** Template header in English, snake_case (also accepted). */
  en: string;
  synonyms: readonly string[];
  required: boolean;
  parse: (raw: string) => CellResult;
  /** An example value for the template. */
  example: string;
}

const f = (field: string, zh: string, en: string, required: boolean, parse: FieldDef['parse'], example: string, synonyms: string[] = []): FieldDef => ({
  field,
  zh,
  en,
  synonyms,
  required,
  parse,
  example,
});

export const RETAILER_FIELDS: readonly FieldDef[] = [
  f('licenceNo', '许可证号', 'licence_no', true, cell.parseLicence, '440300109001', ['许可证', '许可证编号', '专卖许可证号', '烟草专卖许可证号', '烟草专卖零售许可证号', 'license_no', 'licence', 'license', 'licence number', 'license number']),
  f('name', '客户名称', 'name', true, cell.parseText(100), '城关镇新华便利店', ['名称', '店名', '店铺名称', '零售户名称', '企业名称', '字号名称', 'shop name', 'retailer name', 'retailer']),
  f('ownerName', '负责人', 'owner', false, cell.parseText(50), '张三', ['业主', '经营者', '法人', '负责人姓名', '联系人', 'owner name', 'owner_name', 'contact']),
  f('phone', '联系电话', 'phone', false, cell.parsePhone, '13800138000', ['电话', '手机', '手机号', '联系方式', 'mobile', 'telephone', 'phone number']),
  f('address', '经营地址', 'address', false, cell.parseText(200), '城关镇新华路 18 号', ['地址', '店铺地址', 'shop address']),
  f('stationCode', '管理所', 'station', true, cell.parseText(50), 'S01', ['管理所编码', '所属管理所', '市场部', 'station_code', 'station code']),
  f('managerCode', '客户经理编码', 'manager_code', true, cell.parseCode, 'mgr01', ['客户经理', '客户经理工号', '经理编码', 'manager', 'account manager', 'manager code']),
  f('businessType', '业态', 'business_type', true, cell.parseBusinessType, '便利店', ['经营业态', '业态类型', 'business type', 'type']),
  f('marketType', '市场类型', 'market_type', true, cell.parseMarketType, '城镇', ['城乡', '城网农网', '市场类别', '区域类型', 'market type', 'market']),
  f('grade', '档位', 'grade', true, cell.parseGrade, '12', ['客户档位', '档次', 'level']),
  f('orderWeekday', '订货日', 'order_day', true, cell.parseWeekday, '周三', ['订货日期', '订货周期日', 'order weekday', 'order_weekday', 'order day']),
  f('depositBalanceFen', '预存款余额(元)', 'deposit_balance_yuan', false, cell.parseYuan, '5000.00', ['预存款余额', '预存款账户余额', '余额', '账户余额', 'deposit balance', 'deposit_balance', 'deposit account balance', 'balance']),
  // A manager the county does not have yet may be created by the same file: name it (and its phone) on a row.
  f('managerName', '客户经理姓名', 'manager_name', false, cell.parseText(50), '', ['经理姓名', '客户经理名称', 'manager name']),
  f('managerPhone', '客户经理电话', 'manager_phone', false, cell.parsePhone, '', ['经理电话', 'manager phone']),
];

export const SPEC_FIELDS: readonly FieldDef[] = [
  f('code', '品规编码', 'spec_code', true, cell.parseCode, '53010099', ['卷烟编码', '商品编码', '编码', '品规代码', 'code', 'spec code']),
  f('name', '品规名称', 'name', true, cell.parseText(100), '云烟(紫)', ['卷烟名称', '品名', '名称', '商品名称', 'spec name', 'spec']),
  f('brand', '品牌', 'brand', true, cell.parseText(50), '云烟', ['卷烟品牌', 'brand name']),
  f('manufacturer', '生产厂家', 'manufacturer', false, cell.parseText(100), '红云红河烟草(集团)有限责任公司', ['厂家', '工业公司', '生产企业', '生产商', 'maker', 'producer']),
  f('cartonBarcode', '条码', 'carton_barcode', true, cell.parseBarcode, '6901028118125', ['条包条码', '条装条码', '条装条形码', 'carton barcode', 'carton code']),
  f('packBarcode', '盒码', 'pack_barcode', true, cell.parseBarcode, '6901028118118', ['小盒条码', '盒装条码', '盒装条形码', 'pack barcode', 'pack code']),
  f('packsPerCarton', '每条盒数', 'packs_per_carton', false, cell.parsePacksPerCarton, '10', ['条包装盒数', '盒/条', 'packs per carton']),
  f('priceClass', '价类', 'price_class', true, cell.parsePriceClass, '三类', ['价格类别', '卷烟价类', 'price class', 'class']),
  f('wholesalePriceFenPerCarton', '批发价(元/条)', 'wholesale_price_yuan', true, cell.parseYuan, '228.00', ['批发价', '调拨价', '批发价格', 'wholesale price', 'wholesale']),
  f('retailPriceFenPerCarton', '建议零售价(元/条)', 'retail_price_yuan', true, cell.parseYuan, '250.00', ['零售价', '建议零售价', '零售指导价', 'retail price', 'suggested retail price', 'retail']),
  f('isScarce', '紧俏', 'scarce', false, cell.parseFlag, '否', ['是否紧俏', '紧俏品规', 'is_scarce', 'is scarce']),
  f('isNew', '新品', 'new', false, cell.parseFlag, '否', ['是否新品', 'is_new', 'is new']),
  f('launchDate', '上市日期', 'launch_date', false, cell.parseDay, '', ['新品上市日期', '投放日期', 'launch date', 'launched on']),
  f('isOrderable', '可网上订购', 'orderable', false, cell.parseFlag, '是', ['可订购', '是否可订', '网上订购', 'is_orderable', 'orderable online', 'online']),
  f('isDiscontinued', '已停产', 'discontinued', false, cell.parseFlag, '否', ['停产', '是否停产', '退市', 'is_discontinued', 'is discontinued']),
];

export const MANAGER_FIELDS: readonly FieldDef[] = [
  f('code', '客户经理编码', 'manager_code', true, cell.parseCode, 'mgr21', ['工号', '编码', '客户经理工号', 'code', 'manager code']),
  f('name', '姓名', 'name', true, cell.parseText(50), '李明', ['客户经理', '客户经理姓名', '名称', 'manager name', 'manager']),
  f('phone', '联系电话', 'phone', false, cell.parsePhone, '13900139000', ['电话', '手机', '手机号', 'mobile', 'telephone']),
  f('stationCode', '管理所', 'station', true, cell.parseText(50), 'S01', ['管理所编码', '所属管理所', '市场部', 'station_code', 'station code']),
];

export const FIELDS_OF: Record<MasterKind, readonly FieldDef[]> = {
  retailers: RETAILER_FIELDS,
  specs: SPEC_FIELDS,
  managers: MANAGER_FIELDS,
};

/** The field that identifies a row: licence number, spec code, manager code. */
export const KEY_FIELD: Record<MasterKind, string> = { retailers: 'licenceNo', specs: 'code', managers: 'code' };
/** The field shown beside the key in lists. */
export const LABEL_FIELD: Record<MasterKind, string> = { retailers: 'name', specs: 'name', managers: 'name' };
