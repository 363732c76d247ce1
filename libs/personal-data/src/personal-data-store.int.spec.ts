import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { PersonalDataStore } from './personal-data-store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NHS = 'https://login.nhs.example';
const COUNCIL = 'https://sso.leeds-council.example';

const dirs: string[] = [];
const storeFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-personal-'));
  dirs.push(dir);
  return join(dir, 'personal-data.sqlite');
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function withStore<T>(file: string, use: (store: PersonalDataStore) => T): T {
  const store = new PersonalDataStore(file);
  try {
    return use(store);
  } finally {
    store.close();
  }
}

describe('the personal-data store', () => {
  describe('identities', () => {
    it('gives an identity the same random person id every time, also after reopening the file', () => {
      const file = storeFile();
      const first = withStore(file, (store) => {
        const id = store.identify({ issuer: NHS, subject: 'a.patel@nhs.example' });
        expect(store.identify({ issuer: NHS, subject: 'a.patel@nhs.example' })).toBe(id);
        return id;
      });
      expect(first).toMatch(UUID);
      withStore(file, (store) => {
        expect(store.identify({ issuer: NHS, subject: 'a.patel@nhs.example' })).toBe(first);
        expect(store.personIdOf(NHS, 'a.patel@nhs.example')).toBe(first);
      });
    });

    it('keeps two identities apart, even one subject at two issuers', () => {
      withStore(storeFile(), (store) => {
        const patel = store.identify({ issuer: NHS, subject: 'a.patel' });
        const jones = store.identify({ issuer: NHS, subject: 'b.jones' });
        const councilPatel = store.identify({ issuer: COUNCIL, subject: 'a.patel' });
        expect(new Set([patel, jones, councilPatel]).size).toBe(3);
      });
    });

    it('knows nobody it has not seen', () => {
      withStore(storeFile(), (store) => {
        store.identify({ issuer: NHS, subject: 'a.patel' });
        expect(store.personIdOf(NHS, 'b.jones')).toBeNull();
        expect(store.personIdOf(COUNCIL, 'a.patel')).toBeNull();
      });
    });

    it('updates name and email when given, and keeps them when a later token leaves them out', () => {
      withStore(storeFile(), (store) => {
        const id = store.identify({ issuer: NHS, subject: 'a.patel' });
        expect(store.detailsOf([id]).has(id)).toBe(false);

        store.identify({ issuer: NHS, subject: 'a.patel', name: 'Asha Patel' });
        expect(store.detailsOf([id]).get(id)).toEqual({ name: 'Asha Patel', email: null });

        store.identify({ issuer: NHS, subject: 'a.patel', email: 'asha.patel@nhs.example' });
        store.identify({ issuer: NHS, subject: 'a.patel', name: null, email: null });
        expect(store.detailsOf([id]).get(id)).toEqual({ name: 'Asha Patel', email: 'asha.patel@nhs.example' });

        store.identify({ issuer: NHS, subject: 'a.patel', name: 'Asha Patel-Shah' });
        expect(store.detailsOf([id]).get(id)).toEqual({ name: 'Asha Patel-Shah', email: 'asha.patel@nhs.example' });
      });
    });

    it('refuses an identity without an issuer or subject, naming the field', () => {
      withStore(storeFile(), (store) => {
        expect(() => store.identify({ issuer: NHS, subject: '' })).toThrow('identify: subject must be a non-empty string, got ""');
        expect(() => store.identify({ issuer: ' ', subject: 'a.patel' })).toThrow('identify: issuer must be a non-empty string');
        expect(() => store.identify({ issuer: undefined as unknown as string, subject: 'a.patel' })).toThrow('issuer must be a non-empty string');
      });
    });

    it('gives one subject one id when two stores share the file', () => {
      const file = storeFile();
      const api = new PersonalDataStore(file);
      const cli = new PersonalDataStore(file);
      try {
        const fromCli = cli.identify({ issuer: NHS, subject: 'a.patel' });
        expect(api.identify({ issuer: NHS, subject: 'a.patel' })).toBe(fromCli);
        expect(api.personIdOf(NHS, 'a.patel')).toBe(fromCli);
      } finally {
        api.close();
        cli.close();
      }
    });
  });

  describe('recorded details', () => {
    it('records a name for a person id and keeps the email unless one is given', () => {
      withStore(storeFile(), (store) => {
        const id = store.identify({ issuer: NHS, subject: 'a.patel', email: 'asha.patel@nhs.example' });
        store.record(id, { name: 'Asha Patel' });
        expect(store.detailsOf([id]).get(id)).toEqual({ name: 'Asha Patel', email: 'asha.patel@nhs.example' });
        store.record(id, { name: 'Asha Patel', email: null });
        expect(store.detailsOf([id]).get(id)).toEqual({ name: 'Asha Patel', email: null });
      });
    });

    it('forgets a record, leaving the identity', () => {
      withStore(storeFile(), (store) => {
        const id = store.identify({ issuer: NHS, subject: 'a.patel', name: 'Asha Patel' });
        store.forget(id);
        expect(store.detailsOf([id]).size).toBe(0);
        expect(store.personIdOf(NHS, 'a.patel')).toBe(id);
      });
    });
  });

  describe('erasure', () => {
    it('erases details and every identity of a person; the same token later becomes a new person', () => {
      withStore(storeFile(), (store) => {
        const id = store.identify({ issuer: NHS, subject: 'a.patel', name: 'Asha Patel', email: 'asha.patel@nhs.example' });
        expect(store.identify({ issuer: COUNCIL, subject: 'apatel' })).not.toBe(id);
        const other = store.identify({ issuer: NHS, subject: 'b.jones', name: 'Ben Jones' });

        expect(store.knows(id)).toBe(true);
        expect(store.erase(id)).toBe(true);

        expect(store.knows(id)).toBe(false);
        expect(store.knows(other)).toBe(true);
        expect(store.detailsOf([id, other])).toEqual(new Map([[other, { name: 'Ben Jones', email: null }]]));
        expect(store.personIdOf(NHS, 'a.patel')).toBeNull();
        const again = store.identify({ issuer: NHS, subject: 'a.patel' });
        expect(again).toMatch(UUID);
        expect(again).not.toBe(id);
        expect(store.detailsOf([again]).has(again)).toBe(false);
        expect(store.personIdOf(NHS, 'b.jones')).toBe(other);
      });
    });

    it('erases every identity mapping to the person', () => {
      const file = storeFile();
      withStore(file, (store) => {
        const id = store.identify({ issuer: NHS, subject: 'a.patel' });
        // Two identities for one person: only reachable through the file today, but erase must not leave one behind.
        const db = new Database(file);
        db.prepare('INSERT INTO identities (issuer, subject, person_id, first_seen_at) VALUES (?, ?, ?, ?)').run(COUNCIL, 'apatel', id, '2021-09-16T09:00:00Z');
        db.close();
        expect(store.personIdOf(COUNCIL, 'apatel')).toBe(id);

        store.erase(id);
        expect(store.personIdOf(NHS, 'a.patel')).toBeNull();
        expect(store.personIdOf(COUNCIL, 'apatel')).toBeNull();
      });
    });

    it('leaves nothing of the erased person readable in the file', () => {
      const file = storeFile();
      withStore(file, (store) => {
        const id = store.identify({ issuer: NHS, subject: 'asha.patel@nhs.example', name: 'Asha Patel', email: 'asha.patel@nhs.example' });
        store.erase(id);
      });
      const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path)));
      expect(bytes.includes('asha.patel')).toBe(false);
      expect(bytes.includes('Asha Patel')).toBe(false);
    });

    it('says when there was nothing to erase', () => {
      withStore(storeFile(), (store) => {
        const id = store.identify({ issuer: NHS, subject: 'a.patel' });
        expect(store.erase(id)).toBe(true);
        expect(store.erase(id)).toBe(false);
        expect(store.erase('0190a6c2-0000-7000-8000-000000000000')).toBe(false);
      });
    });
  });

  describe('an old-format file', () => {
    function oldFile() {
      const file = storeFile();
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE people (person_id TEXT PRIMARY KEY, name TEXT NOT NULL, recorded_at TEXT NOT NULL)');
      const insert = db.prepare('INSERT INTO people (person_id, name, recorded_at) VALUES (?, ?, ?)');
      insert.run('0190a6c2-1111-7000-8000-000000000001', 'Asha Patel', '2021-09-16T09:00:00.000Z');
      insert.run('0190a6c2-1111-7000-8000-000000000002', 'Ben Jones', '2021-09-17T09:00:00.000Z');
      db.close();
      return file;
    }

    it('keeps its people, gains email and identities, and may then hold a person without a name', () => {
      const file = oldFile();
      withStore(file, (store) => {
        expect(store.detailsOf(['0190a6c2-1111-7000-8000-000000000001', '0190a6c2-1111-7000-8000-000000000002'])).toEqual(
          new Map([
            ['0190a6c2-1111-7000-8000-000000000001', { name: 'Asha Patel', email: null }],
            ['0190a6c2-1111-7000-8000-000000000002', { name: 'Ben Jones', email: null }],
          ]),
        );
        const id = store.identify({ issuer: NHS, subject: 'c.okafor', email: 'c.okafor@nhs.example' });
        expect(store.detailsOf([id]).get(id)).toEqual({ name: null, email: 'c.okafor@nhs.example' });
      });
      const db = new Database(file, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare('SELECT recorded_at FROM people WHERE person_id = ?').pluck().get('0190a6c2-1111-7000-8000-000000000001')).toBe('2021-09-16T09:00:00.000Z');
      db.close();
    });

    it('is migrated once: reopening keeps everything', () => {
      const file = oldFile();
      const id = withStore(file, (store) => store.identify({ issuer: NHS, subject: 'c.okafor', name: 'Chidi Okafor' }));
      withStore(file, (store) => {
        expect(store.personIdOf(NHS, 'c.okafor')).toBe(id);
        expect(store.detailsOf([id, '0190a6c2-1111-7000-8000-000000000001']).size).toBe(2);
      });
    });

    it('is not opened by a build older than its schema', () => {
      const file = storeFile();
      withStore(file, () => undefined);
      const db = new Database(file);
      db.pragma('user_version = 3');
      db.close();
      expect(() => new PersonalDataStore(file)).toThrow(`${file} has personal-data schema version 3, newer than this build's 2: run a newer build`);
    });

    it('gains declarations, keeping its people and identities', () => {
      const file = storeFile();
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE people (person_id TEXT PRIMARY KEY, name TEXT, email TEXT, recorded_at TEXT NOT NULL)');
      db.exec('CREATE TABLE identities (issuer TEXT NOT NULL, subject TEXT NOT NULL, person_id TEXT NOT NULL, first_seen_at TEXT NOT NULL, PRIMARY KEY (issuer, subject))');
      db.prepare('INSERT INTO identities VALUES (?, ?, ?, ?)').run(NHS, 'a.patel', '0190a6c2-1111-7000-8000-000000000001', '2021-09-16T09:00:00.000Z');
      db.pragma('user_version = 1');
      db.close();
      withStore(file, (store) => {
        expect(store.personIdOf(NHS, 'a.patel')).toBe('0190a6c2-1111-7000-8000-000000000001');
        store.recordDeclaration('declaration-1', { memberId: 'member-1', personId: '0190a6c2-1111-7000-8000-000000000001', text: 'Trustee of a local carers’ charity' });
        expect(store.declarationsById(['declaration-1']).get('declaration-1')?.text).toBe('Trustee of a local carers’ charity');
      });
    });
  });

  describe('declarations of interest', () => {
    const interest = 'My spouse is employed by a provider commissioned by the CCG';

    it('keeps each declaration by its id; a second recording of the id keeps the first text', () => {
      withStore(storeFile(), (store) => {
        store.recordDeclaration('declaration-1', { memberId: 'member-1', personId: 'person-1', text: interest });
        store.recordDeclaration('declaration-2', { memberId: 'member-2', text: 'GP partner' });
        store.recordDeclaration('declaration-1', { memberId: 'member-1', personId: 'person-1', text: 'something else' });
        expect(store.declarationsById(['declaration-1', 'declaration-2', 'never-recorded'])).toEqual(
          new Map([
            ['declaration-1', { memberId: 'member-1', personId: 'person-1', text: interest }],
            ['declaration-2', { memberId: 'member-2', personId: null, text: 'GP partner' }],
          ]),
        );
        expect(store.declarationsById([]).size).toBe(0);
      });
    });

    it('forgets a declaration recorded for a command that then failed', () => {
      withStore(storeFile(), (store) => {
        store.recordDeclaration('declaration-1', { memberId: 'member-1', text: interest });
        store.forgetDeclaration('declaration-1');
        expect(store.declarationsById(['declaration-1']).size).toBe(0);
      });
    });

    it('refuses a declaration without text, naming the field', () => {
      withStore(storeFile(), (store) => {
        expect(() => store.recordDeclaration('declaration-1', { memberId: 'member-1', text: ' ' })).toThrow('recordDeclaration: text must be a non-empty string, got " "');
      });
    });

    it('erases a person’s declarations with them, leaving other people’s, and nothing of the text in the file', () => {
      const file = storeFile();
      withStore(file, (store) => {
        const id = store.identify({ issuer: NHS, subject: 'a.patel', name: 'Asha Patel' });
        const other = store.identify({ issuer: NHS, subject: 'b.jones', name: 'Ben Jones' });
        store.recordDeclaration('declaration-1', { memberId: 'member-1', personId: id, text: interest });
        store.recordDeclaration('declaration-2', { memberId: 'member-2', personId: other, text: 'GP partner' });
        expect(store.erase(id)).toBe(true);
        expect([...store.declarationsById(['declaration-1', 'declaration-2']).keys()]).toEqual(['declaration-2']);
      });
      const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path)));
      expect(bytes.includes('employed by a provider')).toBe(false);
    });

    it('erases a person known here only by their declarations', () => {
      withStore(storeFile(), (store) => {
        store.recordDeclaration('declaration-1', { memberId: 'member-1', personId: 'person-1', text: interest });
        expect(store.erase('person-1')).toBe(true);
        expect(store.declarationsById(['declaration-1']).size).toBe(0);
      });
    });
  });

  describe('several processes on one file', () => {
    // The store compiled to plain JavaScript beside node_modules, so child processes can import it.
    const moduleDir = fileURLToPath(new URL(`../../../node_modules/.cache/personal-data-spec-${process.pid}`, import.meta.url));
    afterAll(() => rmSync(moduleDir, { recursive: true, force: true }));

    function compiledStore() {
      mkdirSync(moduleDir, { recursive: true });
      const source = readFileSync(new URL('./personal-data-store.ts', import.meta.url), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, esModuleInterop: true },
      });
      const path = join(moduleDir, 'personal-data-store.mjs');
      writeFileSync(path, outputText);
      return pathToFileURL(path).href;
    }

    function identifyInChild(storeUrl: string, file: string, startAt: number, subjects: number) {
      const script = `
        import { PersonalDataStore } from ${JSON.stringify(storeUrl)};
        const store = new PersonalDataStore(${JSON.stringify(file)});
        while (Date.now() < ${startAt}) {}
        const ids = [];
        for (let i = 0; i < ${subjects}; i++) ids.push(store.identify({ issuer: ${JSON.stringify(NHS)}, subject: 'subject-' + i }));
        store.close();
        process.stdout.write(JSON.stringify(ids));
      `;
      return new Promise<string[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}: ${err}`))));
      });
    }

    it('gives each subject one person id when processes create the file and identify at the same moment', async () => {
      const file = storeFile();
      const storeUrl = compiledStore();
      // Each child opens (and so migrates) the new file, then all start identifying together.
      const startAt = Date.now() + 1500;
      const results = await Promise.all([1, 2, 3].map(() => identifyInChild(storeUrl, file, startAt, 200)));

      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
      expect(new Set(results[0]).size).toBe(200);
      withStore(file, (store) => expect(store.personIdOf(NHS, 'subject-7')).toBe(results[0]![7]));
    }, 30000);
  });
  describe('export and restore', () => {
    it('gives back every row as it was, and restores them verbatim into an empty store', () => {
      const from = storeFile();
      const rows = withStore(from, (store) => {
        const patel = store.identify({ issuer: NHS, subject: 'a.patel', name: 'Asha Patel', email: 'asha.patel@nhs.example' });
        const jones = store.identify({ issuer: COUNCIL, subject: 'b.jones' });
        store.record(jones, { name: 'Ben Jones' });
        store.recordDeclaration('declaration-1', { memberId: 'member-1', personId: patel, text: 'Trustee of a carers’ charity' });
        store.recordDeclaration('declaration-2', { memberId: 'member-2', text: 'GP partner' });
        const all = [...store.records()];
        expect(all.map((row) => row.kind)).toEqual(['person', 'person', 'identity', 'identity', 'declaration', 'declaration']);
        // Only theirs: a declaration without a declarer is nobody's.
        expect([...store.records(new Set([patel]))].map((row) => row.kind)).toEqual(['person', 'identity', 'declaration']);
        return { all, patel };
      });
      const to = storeFile();
      withStore(to, (store) => {
        expect(store.isEmpty()).toBe(true);
        expect(store.restore(rows.all)).toBe(6);
        expect([...store.records()]).toEqual(rows.all);
        expect(store.personIdOf(NHS, 'a.patel')).toBe(rows.patel);
        expect(() => store.restore(rows.all)).toThrow(`restore: ${to} already holds personal data; restore writes only into an empty store`);
      });
    });

    it('refuses a row of an unknown kind, writing none of the rows', () => {
      withStore(storeFile(), (store) => {
        const rows = [
          { kind: 'person', personId: 'p1', name: 'Asha Patel', email: null, recordedAt: '2021-09-16T09:00:00.000Z' },
          { kind: 'passport', personId: 'p1' },
        ] as never[];
        expect(() => store.restore(rows)).toThrow('restore: kind must be person, identity or declaration, got "passport"');
        expect(store.isEmpty()).toBe(true);
      });
    });
  });
});
