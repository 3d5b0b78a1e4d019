// Seed lists for bench/generate.ts: people, companies and places as a shop in Western Europe sees them.

export const FIRST_NAMES = [
  'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Noah', 'Charlie', 'Thomas', 'Oscar', 'William', 'James', 'Henry',
  'Leo', 'Alfie', 'Joshua', 'Freddie', 'Archie', 'Ethan', 'Isaac', 'Alexander', 'Joseph', 'Edward', 'Samuel', 'Max',
  'Daniel', 'Arthur', 'Lucas', 'Mohammed', 'Logan', 'Theo', 'Harrison', 'Benjamin', 'Mason', 'Sebastian', 'Finley',
  'Adam', 'Dylan', 'Zachary', 'Riley', 'Teddy', 'David', 'Toby', 'Jake', 'Louie', 'Elijah', 'Reuben', 'Rory',
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Isabella', 'Mia', 'Poppy', 'Ella', 'Lily', 'Sophia', 'Grace',
  'Evie', 'Scarlett', 'Ruby', 'Chloe', 'Isabelle', 'Daisy', 'Freya', 'Phoebe', 'Florence', 'Alice', 'Jessica',
  'Sienna', 'Matilda', 'Evelyn', 'Eva', 'Millie', 'Sofia', 'Lucy', 'Elsie', 'Imogen', 'Layla', 'Rosie', 'Maya',
  'Esme', 'Harper', 'Hannah', 'Eleanor', 'Anna', 'Sarah', 'Rachel', 'Helen', 'Claire', 'Emma', 'Laura', 'Fiona',
  'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Jade', 'Louise', 'Zoé', 'Juliette', 'Margaux', 'Élodie', 'Céline',
  'Hugo', 'Louis', 'Gabriel', 'Raphaël', 'Arthur', 'Jules', 'Mathis', 'Nathan', 'Théo', 'Clément', 'Antoine',
  'Lukas', 'Leon', 'Finn', 'Jonas', 'Elias', 'Paul', 'Felix', 'Maximilian', 'Moritz', 'Julian', 'Niklas',
  'Mia', 'Hannah', 'Lena', 'Lea', 'Leonie', 'Marie', 'Johanna', 'Katharina', 'Sophie', 'Charlotte', 'Greta',
  'Aoife', 'Siobhán', 'Niamh', 'Ciara', 'Saoirse', 'Seán', 'Cian', 'Oisín', 'Darragh', 'Conor', 'Eoin',
  'Sanne', 'Femke', 'Daan', 'Bram', 'Sem', 'Lucía', 'Martina', 'Pablo', 'Alejandro', 'Javier', 'Carmen',
] as const;

export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson',
  'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Lewis',
  'James', 'Phillips', 'Mason', 'Mitchell', 'Rose', 'Davis', 'Rodriguez', 'Cox', 'Alexander', 'Morgan', 'Moore',
  'Mills', 'King', 'Harris', 'Scott', 'Lee', 'Turner', 'Hill', 'Baker', 'Cooper', 'Ward', 'Morris', 'Clark',
  'Hughes', 'Edwards', 'Hughes', 'Lloyd', 'Price', 'Bennett', 'Griffiths', 'Hartley', 'Ashworth', 'Whitfield',
  'Pemberton', 'Fairbairn', 'Blackwood', 'Thornton', 'Holloway', 'Kendrick', 'Marsden', 'Ridley', 'Sutcliffe',
  'Winterbottom', 'Pickering', 'Radcliffe', 'Cartwright', 'Lockwood', 'Braithwaite', 'Hargreaves', 'Ormerod',
  'Fitzgerald', 'Gallagher', 'Kavanagh', 'Doherty', 'Brennan', 'McCarthy', 'O\'Sullivan', 'O\'Brien', 'Byrne',
  'Murphy', 'Kelly', 'Walsh', 'Ryan', 'Quinn', 'Nolan', 'Duffy', 'Fraser', 'Campbell', 'Stewart', 'MacDonald',
  'Robertson', 'Murray', 'Reid', 'Henderson', 'Ferguson', 'Sinclair', 'Drummond', 'Buchanan', 'Lindsay',
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon',
  'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel',
  'Girard', 'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand',
  'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann',
  'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Herrmann',
  'de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer',
  'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit',
  'García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Ruiz',
  'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet',
  'Okafor', 'Adeyemi', 'Mensah', 'Nguyen', 'Tran', 'Chen', 'Wang', 'Zhang', 'Kowalski', 'Nowak', 'Wiśniewski',
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
] as const;

export const COMPANY_WORDS = [
  'Northwind', 'Harbour', 'Oakfield', 'Riverside', 'Greenleaf', 'Bluebell', 'Kingfisher', 'Highland', 'Meadow',
  'Crown', 'Anchor', 'Beacon', 'Summit', 'Willow', 'Granite', 'Copper', 'Silverline', 'Evergreen', 'Lakeside',
  'Foxglove', 'Heron', 'Juniper', 'Lantern', 'Marlow', 'Orchard', 'Pinewood', 'Quayside', 'Redbrick', 'Saffron',
  'Thistle', 'Union', 'Vale', 'Westgate', 'Yew Tree', 'Atlas', 'Bramble', 'Cedar', 'Dovetail', 'Elmstead',
] as const;

export const COMPANY_TRADES = [
  'Trading', 'Bakery', 'Café', 'Hardware', 'Florists', 'Interiors', 'Wines', 'Books', 'Outfitters', 'Pharmacy',
  'Garden Centre', 'Cycles', 'Catering', 'Hotels', 'Builders', 'Opticians', 'Deli', 'Brewing', 'Stationers', 'Toys',
] as const;

export const STREETS = [
  'High Street', 'Station Road', 'Church Lane', 'Park Road', 'Victoria Road', 'Green Lane', 'Manor Road',
  'Mill Lane', 'Queens Road', 'New Road', 'Kings Road', 'Grange Road', 'School Lane', 'The Crescent', 'Market Place',
  'rue de la Paix', 'avenue Victor Hugo', 'rue Nationale', 'boulevard Saint-Michel', 'rue du Moulin',
  'Hauptstraße', 'Bahnhofstraße', 'Gartenstraße', 'Schulstraße', 'Dorfstraße', 'Kerkstraat', 'Dorpsstraat',
  'Calle Mayor', 'Gran Vía', 'Main Street', 'Bridge Street', 'Chaussée de Wavre', 'Broadway', 'Elm Street',
] as const;

export const EMAIL_DOMAINS = [
  'gmail.com', 'outlook.com', 'yahoo.co.uk', 'hotmail.com', 'icloud.com', 'btinternet.com', 'orange.fr', 'free.fr',
  'web.de', 'gmx.de', 'proton.me', 'live.nl', 'eircom.net', 'telefonica.net',
] as const;

export interface Country {
  code: string;
  /** Share of customers, in percent. */
  weight: number;
  dial: string;
  cities: readonly { city: string; region: string | null; postcode: (digit: () => number, letter: () => string) => string }[];
}

const gb = (area: string) => (d: () => number, l: () => string) => `${area}${d() + 1} ${d()}${l()}${l()}`;
const digits = (prefix: string, n: number) => (d: () => number) => prefix + Array.from({ length: n }, d).join('');

export const COUNTRIES: readonly Country[] = [
  {
    code: 'GB', weight: 55, dial: '44', cities: [
      { city: 'London', region: 'Greater London', postcode: gb('SW') }, { city: 'Manchester', region: 'Greater Manchester', postcode: gb('M') },
      { city: 'Birmingham', region: 'West Midlands', postcode: gb('B') }, { city: 'Leeds', region: 'West Yorkshire', postcode: gb('LS') },
      { city: 'Glasgow', region: 'Scotland', postcode: gb('G') }, { city: 'Bristol', region: null, postcode: gb('BS') },
      { city: 'Edinburgh', region: 'Scotland', postcode: gb('EH') }, { city: 'Liverpool', region: 'Merseyside', postcode: gb('L') },
      { city: 'Cardiff', region: 'Wales', postcode: gb('CF') }, { city: 'Brighton', region: 'East Sussex', postcode: gb('BN') },
      { city: 'Norwich', region: 'Norfolk', postcode: gb('NR') }, { city: 'York', region: 'North Yorkshire', postcode: gb('YO') },
      { city: 'Oxford', region: 'Oxfordshire', postcode: gb('OX') }, { city: 'Cambridge', region: 'Cambridgeshire', postcode: gb('CB') },
    ],
  },
  {
    code: 'FR', weight: 12, dial: '33', cities: [
      { city: 'Paris', region: 'Île-de-France', postcode: digits('750', 2) }, { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postcode: digits('6900', 1) },
      { city: 'Marseille', region: 'Provence-Alpes-Côte d\'Azur', postcode: digits('130', 2) }, { city: 'Lille', region: 'Hauts-de-France', postcode: digits('5900', 1) },
      { city: 'Bordeaux', region: 'Nouvelle-Aquitaine', postcode: digits('3300', 1) }, { city: 'Nantes', region: 'Pays de la Loire', postcode: digits('4400', 1) },
    ],
  },
  {
    code: 'DE', weight: 9, dial: '49', cities: [
      { city: 'Berlin', region: 'Berlin', postcode: digits('10', 3) }, { city: 'Hamburg', region: 'Hamburg', postcode: digits('20', 3) },
      { city: 'München', region: 'Bayern', postcode: digits('80', 3) }, { city: 'Köln', region: 'Nordrhein-Westfalen', postcode: digits('50', 3) },
      { city: 'Frankfurt am Main', region: 'Hessen', postcode: digits('60', 3) },
    ],
  },
  {
    code: 'IE', weight: 7, dial: '353', cities: [
      { city: 'Dublin', region: 'County Dublin', postcode: (d, l) => `D0${d() + 1} ${l()}${d()}${d()}${l()}` },
      { city: 'Cork', region: 'County Cork', postcode: (d, l) => `T12 ${l()}${d()}${d()}${l()}` },
      { city: 'Galway', region: 'County Galway', postcode: (d, l) => `H91 ${l()}${d()}${d()}${l()}` },
    ],
  },
  {
    code: 'NL', weight: 5, dial: '31', cities: [
      { city: 'Amsterdam', region: 'Noord-Holland', postcode: (d, l) => `10${d()}${d()} ${l()}${l()}` },
      { city: 'Rotterdam', region: 'Zuid-Holland', postcode: (d, l) => `30${d()}${d()} ${l()}${l()}` },
      { city: 'Utrecht', region: 'Utrecht', postcode: (d, l) => `35${d()}${d()} ${l()}${l()}` },
    ],
  },
  {
    code: 'ES', weight: 5, dial: '34', cities: [
      { city: 'Madrid', region: 'Comunidad de Madrid', postcode: digits('280', 2) }, { city: 'Barcelona', region: 'Cataluña', postcode: digits('080', 2) },
      { city: 'Valencia', region: 'Comunidad Valenciana', postcode: digits('460', 2) },
    ],
  },
  {
    code: 'BE', weight: 4, dial: '32', cities: [
      { city: 'Bruxelles', region: null, postcode: digits('10', 2) }, { city: 'Antwerpen', region: null, postcode: digits('20', 2) },
      { city: 'Gent', region: null, postcode: digits('90', 2) },
    ],
  },
  {
    code: 'US', weight: 3, dial: '1', cities: [
      { city: 'New York', region: 'NY', postcode: digits('100', 2) }, { city: 'Boston', region: 'MA', postcode: digits('021', 2) },
      { city: 'Chicago', region: 'IL', postcode: digits('606', 2) },
    ],
  },
];
