-- Assets and uploads belong to users; V20 named the column before the users table existed.
alter table assets add constraint assets_owner_fk foreign key (owner_id) references users (id);
alter table uploads add constraint uploads_owner_fk foreign key (owner_id) references users (id);
