-- In-app notifications ([6/12]): what a user should look at (a task assigned to their unit, a report
-- returned, a reminder). Written by the feature that causes them, in the transaction of that change
-- (notify::Send); read through the bell in the header and the list at /notifications. The text is not
-- stored: `kind` names a catalogue string (i18n "notify.kind.<kind>") and `params` (a JSON object of
-- strings) fills its {names}, so each reader sees it in their language. `org_id` is the unit it is
-- about: a notice is shown only while its user may still read that unit (NULL: about the user alone).
CREATE TABLE notifications (
    id ${ID},
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    href TEXT NOT NULL,
    org_id BIGINT REFERENCES orgs(id),
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, id) WHERE read_at IS NULL;
