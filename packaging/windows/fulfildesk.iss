; Inno Setup 6 script around the PyInstaller bundle (packaging/windows/build_windows.ps1 passes
; AppVersion, BundleDir and OutputDir). Per-user install by default (no administrator rights on
; shared shop workstations); the data directory (%LOCALAPPDATA%\fulfildesk) is never removed by
; the uninstaller: it holds the purchase journal.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{5C8E3B0A-6F1D-4E7B-9A57-0F1D2E3C4B5A}
AppName=Fulfilment Desk
AppVersion={#AppVersion}
AppPublisher=Fulfilment Desk team
DefaultDirName={autopf}\Fulfilment Desk
DefaultGroupName=Fulfilment Desk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#OutputDir}
OutputBaseFilename=fulfildesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\fulfildesk.exe
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Fulfilment Desk"; Filename: "{app}\fulfildesk.exe"
Name: "{group}\Fulfilment Desk (demo)"; Filename: "{app}\fulfildesk.exe"; Parameters: "--demo"
Name: "{autodesktop}\Fulfilment Desk"; Filename: "{app}\fulfildesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\fulfildesk.exe"; Description: "{cm:LaunchProgram,Fulfilment Desk}"; Flags: nowait postinstall skipifsilent
