# Build the Windows installer: PyInstaller one-folder bundle, then Inno Setup around it.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
#   -> dist\fulfildesk-<version>-setup.exe
# Needs: Python 3.11 (python.org, "py" launcher), Inno Setup 6 (iscc.exe on PATH or in its default
# folder). Signing (optional): set FULFILDESK_SIGN_CERT (path to a .pfx code-signing certificate)
# and FULFILDESK_SIGN_PASSWORD; signtool.exe comes with the Windows SDK. Not built in this
# workplace (no Windows machine); see packaging/README.md.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$Root = Get-Location
$Build = Join-Path $Root "build\packaging-windows"
$Version = py -3.11 -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
if (Test-Path $Build) { Remove-Item -Recurse -Force $Build }
New-Item -ItemType Directory -Force -Path $Build, (Join-Path $Root "dist") | Out-Null

py -3.11 -m venv "$Build\venv"
& "$Build\venv\Scripts\python.exe" -m pip install -q --upgrade pip
& "$Build\venv\Scripts\python.exe" -m pip install -q . "pyinstaller>=6" pillow
# the window's translations, recompiled from resources\translations\*.ts
& "$Build\venv\Scripts\python.exe" packaging\i18n.py release

# Same bundle as on Linux; --windowed: no console window. PyInstaller turns the PNG into an
# .ico with Pillow.
& "$Build\venv\Scripts\pyinstaller.exe" --noconfirm --clean --onedir --windowed --name fulfildesk `
  --distpath "$Build\dist" --workpath "$Build\work" --specpath $Build `
  --collect-submodules uvicorn --collect-submodules fulfildesk `
  --recursive-copy-metadata fulfildesk `
  --add-data "$Root\resources\icons;resources\icons" `
  --add-data "$Root\resources\translations\fulfildesk_es.qm;resources\translations" `
  --icon "$Root\resources\icons\fulfildesk.png" `
  packaging\entry.py

function Sign-File($Path) {
  if (-not $env:FULFILDESK_SIGN_CERT) { return }
  signtool sign /f $env:FULFILDESK_SIGN_CERT /p $env:FULFILDESK_SIGN_PASSWORD `
    /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 $Path
  if ($LASTEXITCODE -ne 0) { throw "signing $Path failed" }
}
Sign-File "$Build\dist\fulfildesk\fulfildesk.exe"

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" "/DBundleDir=$Build\dist\fulfildesk" "/DOutputDir=$Root\dist" `
  "packaging\windows\fulfildesk.iss"
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Sign-File "$Root\dist\fulfildesk-$Version-setup.exe"
Write-Output "built dist\fulfildesk-$Version-setup.exe"
