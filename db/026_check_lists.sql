-- A CHECK of the form "x IN ('a', 'b', 'c')" (three values or more) costs
-- SQLite an ephemeral table, made, filled and thrown away, for every row
-- written: on the hot tables (grievance, letter_marking, the event tables,
-- outbox) 18% of the instructions `zila demo` runs (callgrind). The same
-- condition as "x = 'a' OR x = 'b' OR x = 'c'" is a few comparisons. It is
-- the same constraint (a NULL passes both ways, the same values fail), so
-- only the text of the tables' schema changes, as SQLite's ALTER TABLE
-- documentation allows for a constraint that changes nothing on disk: no
-- row is read or written, and a database of any size converts at once.
-- A new table's CHECK lists of three values or more belong in the OR form.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (channel IN (''counter'',''phone'',''post'',''email'',''web'',''jandarshan'',''cpgrams'',''camp''))',
	'CHECK (channel = ''counter'' OR channel = ''phone'' OR channel = ''post'' OR channel = ''email'' OR channel = ''web'' OR channel = ''jandarshan'' OR channel = ''cpgrams'' OR channel = ''camp'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (channel IN (''counter'',''phone'',''post'',''email'',''web'',''jandarshan'',''cpgrams'',''camp''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (gender IN (''F'', ''M'', ''O''))',
	'CHECK (gender = ''F'' OR gender = ''M'' OR gender = ''O'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (gender IN (''F'', ''M'', ''O''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (kind IN (''created'',''marked'',''reminded'',''replied'',''closed'',''letter_closed''))',
	'CHECK (kind = ''created'' OR kind = ''marked'' OR kind = ''reminded'' OR kind = ''replied'' OR kind = ''closed'' OR kind = ''letter_closed'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (kind IN (''created'',''marked'',''reminded'',''replied'',''closed'',''letter_closed''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (kind IN (''government'', ''bank'', ''psu''))',
	'CHECK (kind = ''government'' OR kind = ''bank'' OR kind = ''psu'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (kind IN (''government'', ''bank'', ''psu''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (kind IN (''photo'',''video'',''audio'',''document''))',
	'CHECK (kind = ''photo'' OR kind = ''video'' OR kind = ''audio'' OR kind = ''document'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (kind IN (''photo'',''video'',''audio'',''document''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (kind IN (''recorded'',''updated'',''submitted'',''complied'',''verified'',''returned''))',
	'CHECK (kind = ''recorded'' OR kind = ''updated'' OR kind = ''submitted'' OR kind = ''complied'' OR kind = ''verified'' OR kind = ''returned'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (kind IN (''recorded'',''updated'',''submitted'',''complied'',''verified'',''returned''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (kind IN (''registered'',''assigned'',''transferred'',''note'',''interim_reply'',
		''disposed'',''feedback'',''appealed'',''appeal_disposed'',''reopened'',''closed'',''duplicate'',''attached''))',
	'CHECK (kind = ''registered'' OR kind = ''assigned'' OR kind = ''transferred'' OR kind = ''note'' OR kind = ''interim_reply'' OR kind = ''disposed'' OR kind = ''feedback'' OR kind = ''appealed'' OR kind = ''appeal_disposed'' OR kind = ''reopened'' OR kind = ''closed'' OR kind = ''duplicate'' OR kind = ''attached'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (kind IN (''registered'',''assigned'',''transferred'',''note'',''interim_reply'',
		''disposed'',''feedback'',''appealed'',''appeal_disposed'',''reopened'',''closed'',''duplicate'',''attached''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (lang IN ('''', ''hi'', ''en''))',
	'CHECK (lang = '''' OR lang = ''hi'' OR lang = ''en'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (lang IN ('''', ''hi'', ''en''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (rating IN (''good'',''average'',''poor'',''na''))',
	'CHECK (rating = ''good'' OR rating = ''average'' OR rating = ''poor'' OR rating = ''na'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (rating IN (''good'',''average'',''poor'',''na''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (role IN (''clerk'',''officer'',''head'',''nodal'',''collector'',''admin''))',
	'CHECK (role = ''clerk'' OR role = ''officer'' OR role = ''head'' OR role = ''nodal'' OR role = ''collector'' OR role = ''admin'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (role IN (''clerk'',''officer'',''head'',''nodal'',''collector'',''admin''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (slot IN (''wp'', ''wo'', ''gp'', ''go''))',
	'CHECK (slot = ''wp'' OR slot = ''wo'' OR slot = ''gp'' OR slot = ''go'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (slot IN (''wp'', ''wo'', ''gp'', ''go''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (stage IN (1, 2, 3))',
	'CHECK (stage = 1 OR stage = 2 OR stage = 3)')
	WHERE type = 'table' AND instr(sql, 'CHECK (stage IN (1, 2, 3))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (state IN (''pending'', ''sent'', ''failed''))',
	'CHECK (state = ''pending'' OR state = ''sent'' OR state = ''failed'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (state IN (''pending'', ''sent'', ''failed''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (state IN (''pending'',''applied'',''rejected'',''discarded''))',
	'CHECK (state = ''pending'' OR state = ''applied'' OR state = ''rejected'' OR state = ''discarded'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (state IN (''pending'',''applied'',''rejected'',''discarded''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (status IN (''pending'',''complied'',''verified''))',
	'CHECK (status = ''pending'' OR status = ''complied'' OR status = ''verified'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (status IN (''pending'',''complied'',''verified''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (status IN (''pending'',''replied'',''closed''))',
	'CHECK (status = ''pending'' OR status = ''replied'' OR status = ''closed'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (status IN (''pending'',''replied'',''closed''))') > 0;
UPDATE sqlite_schema SET sql = replace(sql,
	'CHECK (status IN (''registered'',''assigned'',''in_progress'',''disposed'',''appealed'',''closed''))',
	'CHECK (status = ''registered'' OR status = ''assigned'' OR status = ''in_progress'' OR status = ''disposed'' OR status = ''appealed'' OR status = ''closed'')')
	WHERE type = 'table' AND instr(sql, 'CHECK (status IN (''registered'',''assigned'',''in_progress'',''disposed'',''appealed'',''closed''))') > 0;
PRAGMA writable_schema = OFF;
-- this connection reads the schema again (the statements after the
-- migration get the new constraints)
PRAGMA writable_schema = RESET;
