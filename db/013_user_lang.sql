-- 013_user_lang: each user's language for the interface. '' follows the
-- desk's locale (LANG, LANGUAGE); 'hi' and 'en' are chosen by the user,
-- on screen or with `zila user lang`, through the user.lang action, so the
-- choice travels with the user to every desk of the office.
ALTER TABLE app_user ADD COLUMN lang TEXT NOT NULL DEFAULT '' CHECK (lang IN ('', 'hi', 'en'));
