/** English country names as data sets and old exports write them, to ISO 3166-1 alpha-2. */
const BY_NAME: Record<string, string> = {
  'united kingdom': 'GB', 'great britain': 'GB', uk: 'GB', eire: 'IE', ireland: 'IE', france: 'FR', germany: 'DE',
  spain: 'ES', netherlands: 'NL', belgium: 'BE', switzerland: 'CH', portugal: 'PT', australia: 'AU', norway: 'NO',
  italy: 'IT', finland: 'FI', cyprus: 'CY', sweden: 'SE', austria: 'AT', denmark: 'DK', japan: 'JP', poland: 'PL',
  israel: 'IL', usa: 'US', 'united states': 'US', 'hong kong': 'HK', singapore: 'SG', iceland: 'IS', canada: 'CA',
  greece: 'GR', malta: 'MT', 'united arab emirates': 'AE', rsa: 'ZA', 'south africa': 'ZA', lebanon: 'LB',
  lithuania: 'LT', brazil: 'BR', 'czech republic': 'CZ', czechia: 'CZ', bahrain: 'BH', 'saudi arabia': 'SA',
  luxembourg: 'LU', 'new zealand': 'NZ', mexico: 'MX', china: 'CN', india: 'IN',
};

/** The ISO code for a name or a code; undefined for regions that are not one country ("European Community"). */
export function countryCode(nameOrCode: string): string | undefined {
  const text = nameOrCode.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
  return BY_NAME[text.toLowerCase()];
}
