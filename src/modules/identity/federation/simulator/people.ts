/** Test people of the VNeID simulator (dev and tests only): one per e-ID level (DOMAIN.md §1.3). */
export interface SimulatedPerson {
  personalId: string;
  name: string;
  birthdate: string;
  gender: 'male' | 'female';
  level: 1 | 2;
  /** E.164; VNeID level 2 accounts carry a phone number checked at registration. */
  phone?: string;
}

export const SIMULATED_PEOPLE: readonly SimulatedPerson[] = [
  {
    personalId: '048090123456',
    name: 'Trần Văn Minh',
    birthdate: '1990-05-12',
    gender: 'male',
    level: 2,
    phone: '+84905000201',
  },
  { personalId: '048195000111', name: 'Lê Thị Hoa', birthdate: '1995-08-20', gender: 'female', level: 1 },
];

export const SIMULATOR_PREFIX = '/dev/vneid';
