/** Builds QXtend SOAP responses (shape from a real capture; vendor-facts.md: "Writing a sales order over QXtend") and SOAP Faults. */
import type { QxtendMessage, QxtendOutcome } from './qxtend-process.js';

/** Escapes text for XML element content. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function isoOffset(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function header(relatesTo: string, nowMs: number): string {
  const wsa = 'xmlns:wsa="http://www.w3.org/2005/08/addressing"';
  return [
    '<soapenv:Header>',
    `<wsa:To ${wsa}>urn:services-qad-com:</wsa:To>`,
    `<wsa:Action ${wsa}></wsa:Action>`,
    `<wsa:MessageID ${wsa}>urn:messages-qad-com:${isoOffset(nowMs)}</wsa:MessageID>`,
    `<wsa:RelatesTo ${wsa}>${escapeXml(relatesTo)}</wsa:RelatesTo>`,
    '</soapenv:Header>',
  ].join('');
}

function message(m: QxtendMessage, nowMs: number): string {
  const el = (name: string, value: string): string => `<ns2:${name}>${escapeXml(value)}</ns2:${name}>`;
  return [
    '<ns2:temp_err_msg>',
    el('tt_msg_nbr', m.nbr),
    el('tt_msg_desc', m.desc),
    el('tt_msg_sev', m.sev),
    el('tt_msg_field', m.field),
    el('tt_msg_context', m.context),
    '<ns2:tt_msg_data/>',
    el('tt_msg_datetime', isoOffset(nowMs)),
    '</ns2:temp_err_msg>',
  ].join('');
}

/** The `maintainSalesOrderResponse` envelope. The session context is echoed with the password masked. */
export function qdocResponse(
  qdoc: string,
  outcome: QxtendOutcome,
  session: ReadonlyMap<string, string>,
  options: { relatesTo: string; suppressResponseDetail: boolean; nowMs: number },
): string {
  const ctx = [...session]
    .map(([name, value]) => {
      const shown = name === 'password' ? '****' : value;
      return `<ns2:ttContext><ns2:propertyQualifier>QAD</ns2:propertyQualifier><ns2:propertyName>${escapeXml(name)}</ns2:propertyName><ns2:propertyValue>${escapeXml(shown)}</ns2:propertyValue></ns2:ttContext>`;
    })
    .join('');
  const common = 'xmlns:ns2="urn:schemas-qad-com:xml-services:common"';
  const exceptions =
    outcome.messages.length > 0
      ? `<ns2:dsExceptions ${common}>${outcome.messages.map((m) => message(m, options.nowMs)).join('')}</ns2:dsExceptions>`
      : '';
  const detail = options.suppressResponseDetail
    ? ''
    : `<ns1:dsSalesOrderResponse>${outcome.keys
        .map(
          (k) =>
            `<ns1:salesOrder><ns1:soNbr>${escapeXml(k.soNbr)}</ns1:soNbr>${k.lines.map((l) => `<ns1:salesOrderDetail><ns1:line>${l}</ns1:line></ns1:salesOrderDetail>`).join('')}</ns1:salesOrder>`,
        )
        .join('')}</ns1:dsSalesOrderResponse>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">',
    header(options.relatesTo, options.nowMs),
    '<soapenv:Body>',
    `<ns1:${qdoc}Response xmlns="urn:schemas-qad-com:xml-services" xmlns:ns1="urn:schemas-qad-com:xml-services">`,
    `<ns1:result>${outcome.result}</ns1:result>`,
    `<ns2:dsSessionContext ${common}>${ctx}</ns2:dsSessionContext>`,
    exceptions,
    detail,
    `</ns1:${qdoc}Response>`,
    '</soapenv:Body>',
    '</soapenv:Envelope>',
  ].join('');
}

/** A SOAP 1.1 Fault (sent with HTTP 500). */
export function soapFault(code: 'Client' | 'Server', message: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">',
    '<soapenv:Body><soapenv:Fault>',
    `<faultcode>soapenv:${code}</faultcode>`,
    `<faultstring>${escapeXml(message)}</faultstring>`,
    '<detail/>',
    '</soapenv:Fault></soapenv:Body>',
    '</soapenv:Envelope>',
  ].join('');
}

/** A minimal WSDL answering `?wsdl` (enough for tools that probe it). */
export function wsdl(endpoint: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions name="QdocWebService" targetNamespace="urn:services-qad-com:" xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/">
  <service name="QdocWebService"><port name="QdocWebServicePort" binding="QdocBinding"><soap:address location="${escapeXml(endpoint)}"/></port></service>
</definitions>`;
}
