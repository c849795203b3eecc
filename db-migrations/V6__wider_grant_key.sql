-- A vm-jit grant key also names the ports and the source (the same VM with other ports is other access).
ALTER TABLE access_request ALTER COLUMN grant_key TYPE varchar(2000);
