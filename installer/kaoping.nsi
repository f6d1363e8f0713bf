; The Windows installer of 考评: for the current user only, no administrator (NSIS's
; per-user pattern: RequestExecutionLevel user, $LOCALAPPDATA\Programs, HKCU only). Built on
; Linux by .ci/windows-installer.sh:
;   makensis -DVERSION=0.1.0 -DSRC=<folder with kaoping.exe …> -DOUT=<installer.exe> kaoping.nsi
; What it writes, the uninstaller removes — never the user's sheets, 佐证材料 or drafts.

Unicode true
; The program is x86_64 only (Windows 10/11 x64): a 64-bit installer, which also runs under a
; 64-bit-only Wine prefix.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
; kaoping.exe and kaoping-cli.exe differ only in their PE header (window or console): a
; dictionary larger than one of them lets the second cost next to nothing (measured: 33 MB → 17.7 MB).
SetCompressorDictSize 64
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"

!ifndef VERSION
  !error "makensis -DVERSION=…"
!endif
!ifndef SRC
  !error "makensis -DSRC=<folder with kaoping.exe, kaoping-cli.exe, 说明.md, licences>"
!endif
!ifndef OUT
  !define OUT "kaoping-安装程序-${VERSION}.exe"
!endif

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\kaoping"
!define SHEET_CLASS "kaoping.sheet"
!define RULESET_CLASS "kaoping.ruleset"
!define NOTICE_CLASS "kaoping.return"

Name "考评 ${VERSION}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\kaoping"
InstallDirRegKey HKCU "Software\kaoping" "InstallDir"
BrandingText "考评 ${VERSION}"

!define MUI_ICON "${SRC}\icon.ico"
!define MUI_UNICON "${SRC}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "安装考评 ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "考评用于填写、核算、打印和报送绩效考核自评表。$\r$\n$\r$\n只为当前用户安装，不需要管理员权限。安装后，开始菜单中有“考评”，双击 .kaoping 考评表文件即可打开。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\kaoping.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开考评"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; A running kaoping holds its exe: asked to close it first (an upgrade replaces the files).
!macro WAIT_FOR_CLOSE un
Function ${un}WaitForClose
  ${Do}
    ClearErrors
    IfFileExists "$INSTDIR\kaoping.exe" 0 done
    FileOpen $0 "$INSTDIR\kaoping.exe" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "考评正在运行。请先保存并关闭考评，再点“重试”。" /SD IDCANCEL IDRETRY again
      Abort "考评正在运行，未能继续。"
      again:
    ${Else}
      FileClose $0
      ${ExitDo}
    ${EndIf}
  ${Loop}
  done:
FunctionEnd
!macroend
!insertmacro WAIT_FOR_CLOSE ""
!insertmacro WAIT_FOR_CLOSE "un."

Section "考评（必需）" SecMain
  SectionIn RO
  Call WaitForClose
  SetOutPath "$INSTDIR"
  File "${SRC}\kaoping.exe"
  File "${SRC}\kaoping-cli.exe"
  File "${SRC}\icon.ico"
  File "${SRC}\说明.md"
  SetOutPath "$INSTDIR\licences"
  File /r "${SRC}\licences\*.*"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\考评.lnk" "$INSTDIR\kaoping.exe" "" "$INSTDIR\kaoping.exe" 0

  ; .kaoping is a 考评表, opened by kaoping.exe (HKCU: no administrator).
  WriteRegStr HKCU "Software\Classes\.kaoping" "" "${SHEET_CLASS}"
  WriteRegStr HKCU "Software\Classes\.kaoping" "Content Type" "application/x-kaoping"
  WriteRegStr HKCU "Software\Classes\${SHEET_CLASS}" "" "考评表"
  WriteRegStr HKCU "Software\Classes\${SHEET_CLASS}\DefaultIcon" "" "$INSTDIR\kaoping.exe,0"
  WriteRegStr HKCU "Software\Classes\${SHEET_CLASS}\shell\open\command" "" '"$INSTDIR\kaoping.exe" "%1"'
  ; .kaoping-return is the municipal office's 退回通知, opened over the clerk's sheet.
  WriteRegStr HKCU "Software\Classes\.kaoping-return" "" "${NOTICE_CLASS}"
  WriteRegStr HKCU "Software\Classes\${NOTICE_CLASS}" "" "退回通知"
  WriteRegStr HKCU "Software\Classes\${NOTICE_CLASS}\DefaultIcon" "" "$INSTDIR\kaoping.exe,0"
  WriteRegStr HKCU "Software\Classes\${NOTICE_CLASS}\shell\open\command" "" '"$INSTDIR\kaoping.exe" "%1"'
  ; .ron rulesets: kaoping is offered in 打开方式, the file type is not taken over.
  WriteRegStr HKCU "Software\Classes\.ron\OpenWithProgids" "${RULESET_CLASS}" ""
  WriteRegStr HKCU "Software\Classes\${RULESET_CLASS}" "" "考核规则"
  WriteRegStr HKCU "Software\Classes\${RULESET_CLASS}\DefaultIcon" "" "$INSTDIR\kaoping.exe,0"
  WriteRegStr HKCU "Software\Classes\${RULESET_CLASS}\shell\open\command" "" '"$INSTDIR\kaoping.exe" "%1"'

  ; 应用和功能.
  WriteRegStr HKCU "Software\kaoping" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "考评"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "kaoping"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\kaoping.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; Explorer shows the new icon and file type at once.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortCut "$DESKTOP\考评.lnk" "$INSTDIR\kaoping.exe" "" "$INSTDIR\kaoping.exe" 0
SectionEnd

; An upgrade asks the same, but a desktop shortcut the user deleted is not brought back: the
; box starts unticked when kaoping is installed and its shortcut is not on the desktop.
Function .onInit
  ReadRegStr $0 HKCU "Software\kaoping" "InstallDir"
  ${If} $0 != ""
  ${AndIfNot} ${FileExists} "$DESKTOP\考评.lnk"
    SectionSetFlags ${SecDesktop} 0
  ${EndIf}
FunctionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "考评程序、命令行版本和说明；登记 .kaoping 考评表文件，双击即可打开。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面放一个“考评”快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  Call un.WaitForClose
  Delete "$INSTDIR\kaoping.exe"
  Delete "$INSTDIR\kaoping-cli.exe"
  Delete "$INSTDIR\icon.ico"
  Delete "$INSTDIR\说明.md"
  RMDir /r "$INSTDIR\licences"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\考评.lnk"
  Delete "$DESKTOP\考评.lnk"

  ; Only what this installer registered: .kaoping only while it still points at us.
  ReadRegStr $0 HKCU "Software\Classes\.kaoping" ""
  ${If} $0 == "${SHEET_CLASS}"
    DeleteRegKey HKCU "Software\Classes\.kaoping"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${SHEET_CLASS}"
  ReadRegStr $0 HKCU "Software\Classes\.kaoping-return" ""
  ${If} $0 == "${NOTICE_CLASS}"
    DeleteRegKey HKCU "Software\Classes\.kaoping-return"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${NOTICE_CLASS}"
  DeleteRegValue HKCU "Software\Classes\.ron\OpenWithProgids" "${RULESET_CLASS}"
  DeleteRegKey /ifempty HKCU "Software\Classes\.ron\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "Software\Classes\.ron"
  DeleteRegKey HKCU "Software\Classes\${RULESET_CLASS}"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\kaoping"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  MessageBox MB_OK|MB_ICONINFORMATION "考评已卸载。您的考评表、佐证材料和自动保存的草稿都没有删除（草稿在 $APPDATA\yueyang\kaoping，窗口的设置在 $APPDATA\kaoping）。" /SD IDOK
SectionEnd
